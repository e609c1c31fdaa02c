//! UI texts and validation messages of forms, in bokmål, nynorsk and English.
//!
//! The messages reach forms.js through the form's `data-vv-messages` attribute, so the
//! inline error and the error summary use exactly the same words.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Messages {
    pub required_note: String,
    pub required_mark: String,
    pub optional_mark: String,
    pub summary_heading: String,
    pub submit: String,
    pub success: String,
    pub receipt_heading: String,
    /// The receipt of an e-mail form: the e-mail is ready, not sent.
    pub receipt_heading_mailto: String,
    /// What to do with it ({to}: the address).
    pub mailto_to: String,
    pub read_more: String,
    pub choose: String,
    pub add: String,
    pub remove: String,
    pub repeat_limits: String,
    pub order: String,
    pub other_lang: String,
    // Validation (placeholders: {label}, {min}, {max}, {n}).
    pub err_required: String,
    pub err_required_choice: String,
    pub err_required_check: String,
    pub err_pattern: String,
    pub err_min_length: String,
    pub err_max_length: String,
    pub err_min: String,
    pub err_max: String,
    pub err_number: String,
    pub err_date: String,
    pub err_url: String,
    pub err_email: String,
    pub err_organisasjonsnummer: String,
    pub err_fodselsnummer: String,
    pub err_kontonummer: String,
    pub err_mobil: String,
    pub err_postnummer: String,
    pub err_ip: String,
    pub err_repeat_min: String,
    pub err_repeat_max: String,
    // Submission.
    pub sending: String,
    pub failed: String,
    pub failed_network: String,
    pub mailto_opened: String,
    pub mailto_link: String,
    pub draft_restored: String,
    // No-JavaScript hints on conditional fields ({cond} is built from the words below).
    pub only_if: String,
    pub cond_is: String,
    pub cond_checked: String,
    pub cond_filled: String,
    pub cond_and: String,
    pub cond_or: String,
    pub cond_not: String,
}

fn s(x: &str) -> String {
    x.to_string()
}

impl Messages {
    pub fn for_lang(lang: &str) -> Messages {
        match lang {
            "nn" => Messages {
                required_note: s("Felt merkte «må fyllast ut» er obligatoriske."),
                required_mark: s("(må fyllast ut)"),
                optional_mark: s("(valfritt)"),
                summary_heading: s("Rett opp dette før du sender:"),
                submit: s("Send bestillinga"),
                success: s("Vi har fått bestillinga di."),
                receipt_heading: s("Bestillinga er send"),
                receipt_heading_mailto: s("E-posten er klar, men ikkje send enno"),
                mailto_to: s(
                    "Send han til {to} frå e-postprogrammet ditt. Det du fylte ut, står under, så du kan kopiere det.",
                ),
                read_more: s("Les meir"),
                choose: s("Vel …"),
                add: s("Legg til {label}"),
                remove: s("Fjern"),
                repeat_limits: s("Minst {min}, høgst {max}."),
                order: s("Bestill"),
                other_lang: s("Bokmål"),
                err_required: s("Fyll ut {label}."),
                err_required_choice: s("Vel {label}."),
                err_required_check: s("Kryss av for «{label}»."),
                err_pattern: s("{label} har feil format."),
                err_min_length: s("{label} må ha minst {min} teikn."),
                err_max_length: s("{label} kan ha høgst {max} teikn."),
                err_min: s("{label} må vere minst {min}."),
                err_max: s("{label} kan vere høgst {max}."),
                err_number: s("{label} må vere eit tal."),
                err_date: s("{label} må vere ein dato."),
                err_url: s("{label} må vere ei nettadresse som byrjar med https://."),
                err_email: s("{label} må vere ei gyldig e-postadresse, til dømes namn@døme.no."),
                err_organisasjonsnummer: s(
                    "{label} må vere eit gyldig organisasjonsnummer på 9 siffer.",
                ),
                err_fodselsnummer: s(
                    "{label} må vere eit gyldig fødselsnummer eller D-nummer på 11 siffer.",
                ),
                err_kontonummer: s("{label} må vere eit gyldig kontonummer på 11 siffer."),
                err_mobil: s(
                    "{label} må vere eit norsk mobilnummer på 8 siffer som byrjar med 4 eller 9.",
                ),
                err_postnummer: s("{label} må vere eit postnummer på 4 siffer."),
                err_ip: s(
                    "{label} må vere ei IP-adresse eller eit CIDR-område, til dømes 192.0.2.0/24.",
                ),
                err_repeat_min: s("{label}: legg til minst {min}."),
                err_repeat_max: s("{label}: du kan leggje til høgst {max}."),
                sending: s("Sender …"),
                failed: s(
                    "Bestillinga vart ikkje send (feil {n}). Det du har fylt ut, er teke vare på. Prøv igjen.",
                ),
                failed_network: s(
                    "Bestillinga vart ikkje send fordi vi ikkje fekk kontakt med mottakaren. Det du har fylt ut, er teke vare på. Prøv igjen.",
                ),
                mailto_opened: s(
                    "E-postprogrammet ditt skal no opne ein ferdig utfylt e-post. Send han for å fullføre bestillinga.",
                ),
                mailto_link: s("Opna ikkje e-posten seg? Bruk denne lenkja"),
                draft_restored: s("Vi har henta fram det du fylte ut sist."),
                only_if: s("Fyll ut berre når {cond}."),
                cond_is: s("er"),
                cond_checked: s("er kryssa av"),
                cond_filled: s("er fylt ut"),
                cond_and: s("og"),
                cond_or: s("eller"),
                cond_not: s("ikkje"),
            },
            "en" => Messages {
                required_note: s("Fields marked “required” must be filled in."),
                required_mark: s("(required)"),
                optional_mark: s("(optional)"),
                summary_heading: s("Fix the following before you submit:"),
                submit: s("Send order"),
                success: s("We have received your order."),
                receipt_heading: s("Order sent"),
                receipt_heading_mailto: s("Your e-mail is ready, but not sent yet"),
                mailto_to: s(
                    "Send it to {to} from your e-mail program. What you entered is below, for you to copy.",
                ),
                read_more: s("Read more"),
                choose: s("Choose …"),
                add: s("Add {label}"),
                remove: s("Remove"),
                repeat_limits: s("At least {min}, at most {max}."),
                order: s("Order"),
                other_lang: s("Bokmål"),
                err_required: s("Enter {label}."),
                err_required_choice: s("Choose {label}."),
                err_required_check: s("Tick “{label}”."),
                err_pattern: s("{label} is not in the right format."),
                err_min_length: s("{label} must have at least {min} characters."),
                err_max_length: s("{label} can have at most {max} characters."),
                err_min: s("{label} must be at least {min}."),
                err_max: s("{label} can be at most {max}."),
                err_number: s("{label} must be a number."),
                err_date: s("{label} must be a date."),
                err_url: s("{label} must be a web address starting with https://."),
                err_email: s("{label} must be a valid e-mail address, like name@example.no."),
                err_organisasjonsnummer: s("{label} must be a valid 9-digit organisation number."),
                err_fodselsnummer: s(
                    "{label} must be a valid 11-digit national identity or D number.",
                ),
                err_kontonummer: s("{label} must be a valid 11-digit account number."),
                err_mobil: s(
                    "{label} must be a Norwegian 8-digit mobile number starting with 4 or 9.",
                ),
                err_postnummer: s("{label} must be a 4-digit postcode."),
                err_ip: s("{label} must be an IP address or CIDR range, like 192.0.2.0/24."),
                err_repeat_min: s("{label}: add at least {min}."),
                err_repeat_max: s("{label}: you can add at most {max}."),
                sending: s("Sending …"),
                failed: s(
                    "The order was not sent (error {n}). What you entered is kept. Try again.",
                ),
                failed_network: s(
                    "The order was not sent because the receiver could not be reached. What you entered is kept. Try again.",
                ),
                mailto_opened: s(
                    "Your e-mail program should now open a filled-in e-mail. Send it to complete the order.",
                ),
                mailto_link: s("E-mail did not open? Use this link"),
                draft_restored: s("We restored what you entered last time."),
                only_if: s("Only when {cond}."),
                cond_is: s("is"),
                cond_checked: s("is checked"),
                cond_filled: s("is filled in"),
                cond_and: s("and"),
                cond_or: s("or"),
                cond_not: s("not"),
            },
            _ => Messages {
                required_note: s("Felt merket «må fylles ut» er obligatoriske."),
                required_mark: s("(må fylles ut)"),
                optional_mark: s("(valgfritt)"),
                summary_heading: s("Rett opp dette før du sender:"),
                submit: s("Send bestillingen"),
                success: s("Vi har mottatt bestillingen din."),
                receipt_heading: s("Bestillingen er sendt"),
                receipt_heading_mailto: s("E-posten er klar, men ikke sendt ennå"),
                mailto_to: s(
                    "Send den til {to} fra e-postprogrammet ditt. Det du fylte ut, står under, så du kan kopiere det.",
                ),
                read_more: s("Les mer"),
                choose: s("Velg …"),
                add: s("Legg til {label}"),
                remove: s("Fjern"),
                repeat_limits: s("Minst {min}, høyst {max}."),
                order: s("Bestill"),
                other_lang: s("Nynorsk"),
                err_required: s("Fyll ut {label}."),
                err_required_choice: s("Velg {label}."),
                err_required_check: s("Kryss av for «{label}»."),
                err_pattern: s("{label} har feil format."),
                err_min_length: s("{label} må ha minst {min} tegn."),
                err_max_length: s("{label} kan ha høyst {max} tegn."),
                err_min: s("{label} må være minst {min}."),
                err_max: s("{label} kan være høyst {max}."),
                err_number: s("{label} må være et tall."),
                err_date: s("{label} må være en dato."),
                err_url: s("{label} må være en nettadresse som begynner med https://."),
                err_email: s(
                    "{label} må være en gyldig e-postadresse, for eksempel navn@eksempel.no.",
                ),
                err_organisasjonsnummer: s(
                    "{label} må være et gyldig organisasjonsnummer på 9 sifre.",
                ),
                err_fodselsnummer: s(
                    "{label} må være et gyldig fødselsnummer eller D-nummer på 11 sifre.",
                ),
                err_kontonummer: s("{label} må være et gyldig kontonummer på 11 sifre."),
                err_mobil: s(
                    "{label} må være et norsk mobilnummer på 8 sifre som begynner med 4 eller 9.",
                ),
                err_postnummer: s("{label} må være et postnummer på 4 sifre."),
                err_ip: s(
                    "{label} må være en IP-adresse eller et CIDR-område, for eksempel 192.0.2.0/24.",
                ),
                err_repeat_min: s("{label}: legg til minst {min}."),
                err_repeat_max: s("{label}: du kan legge til høyst {max}."),
                sending: s("Sender …"),
                failed: s(
                    "Bestillingen ble ikke sendt (feil {n}). Det du har fylt ut, er tatt vare på. Prøv igjen.",
                ),
                failed_network: s(
                    "Bestillingen ble ikke sendt fordi vi ikke fikk kontakt med mottakeren. Det du har fylt ut, er tatt vare på. Prøv igjen.",
                ),
                mailto_opened: s(
                    "E-postprogrammet ditt skal nå åpne en ferdig utfylt e-post. Send den for å fullføre bestillingen.",
                ),
                mailto_link: s("Åpnet ikke e-posten seg? Bruk denne lenken"),
                draft_restored: s("Vi har hentet fram det du fylte ut sist."),
                only_if: s("Fylles bare ut når {cond}."),
                cond_is: s("er"),
                cond_checked: s("er krysset av"),
                cond_filled: s("er fylt ut"),
                cond_and: s("og"),
                cond_or: s("eller"),
                cond_not: s("ikke"),
            },
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
