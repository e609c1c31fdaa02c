/* veiviser forms: validation, error summary, conditional fields, repeatable groups,
 * JSON submission, sessionStorage drafts, mailto mode and iframe height reporting.
 * No dependencies, no inline script or style (works under `default-src 'self'`).
 * The validators implement the same rules as src/forms/validate.rs; both run
 * tests/fixtures/validator-vectors.json. */
(function () {
  'use strict';

  // ---------------------------------------------------------------- validators
  function compact(s) { return String(s).replace(/\s+/g, ''); }
  function digits(s, len) {
    if (s.length !== len || !/^[0-9]+$/.test(s) || /^0+$/.test(s)) return null;
    return s.split('').map(Number);
  }
  function mod11(d, w) {
    var sum = 0;
    for (var i = 0; i < w.length; i++) sum += d[i] * w[i];
    var k = 11 - (sum % 11);
    return k === 11 ? 0 : k === 10 ? -1 : k;
  }
  function strictIpv4(s) {
    var p = s.split('.');
    return p.length === 4 && p.every(function (x) {
      return /^(0|[1-9][0-9]{0,2})$/.test(x) && Number(x) <= 255;
    });
  }
  function ipv6(s) {
    if (!/^[0-9A-Fa-f:.]+$/.test(s)) return false;
    var parts = s.split('::');
    if (parts.length > 2) return false;
    function groups(x) {
      if (x === '') return [];
      return x.split(':');
    }
    var head = groups(parts[0]);
    var tail = parts.length === 2 ? groups(parts[1]) : [];
    var all = head.concat(tail);
    var count = all.length;
    var last = all[all.length - 1];
    if (last !== undefined && last.indexOf('.') >= 0) {
      if (!strictIpv4(last)) return false;
      all = all.slice(0, -1);
      count += 1;
    }
    if (!all.every(function (g) { return /^[0-9A-Fa-f]{1,4}$/.test(g); })) return false;
    return parts.length === 2 ? count <= 7 : count === 8;
  }
  var validators = {
    organisasjonsnummer: function (s) {
      var d = digits(compact(s), 9);
      return !!d && mod11(d, [3, 2, 7, 6, 5, 4, 3, 2]) === d[8];
    },
    kontonummer: function (s) {
      var d = digits(compact(s).replace(/\./g, ''), 11);
      return !!d && mod11(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === d[10];
    },
    fodselsnummer: function (s) {
      var d = digits(compact(s), 11);
      if (!d) return false;
      var day = d[0] * 10 + d[1];
      var month = d[2] * 10 + d[3];
      if (day > 40) day -= 40;
      if (month > 80) month -= 80; else if (month > 40) month -= 40;
      if (day < 1 || day > 31 || month < 1 || month > 12) return false;
      var w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
      var w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
      var r1 = 0, r2 = 0;
      for (var i = 0; i < 10; i++) r1 += d[i] * w1[i];
      for (var j = 0; j < 11; j++) r2 += d[j] * w2[j];
      return r1 % 11 <= 3 && r2 % 11 === 0;
    },
    mobil: function (s) {
      var c = compact(s);
      if (c.indexOf('+47') === 0) c = c.slice(3);
      else if (c.indexOf('0047') === 0) c = c.slice(4);
      return /^[49][0-9]{7}$/.test(c);
    },
    postnummer: function (s) {
      var t = String(s).trim();
      return /^[0-9]{4}$/.test(t) && t !== '0000';
    },
    email: function (s) {
      var t = String(s).trim();
      var at = t.indexOf('@');
      if (at < 1 || at !== t.lastIndexOf('@') || at > 64) return false;
      if (/[\s,;]/.test(t)) return false;
      var domain = t.slice(at + 1);
      if (domain.indexOf('.') < 0) return false;
      return domain.split('.').every(function (l) {
        return l.length > 0 && l[0] !== '-' && l[l.length - 1] !== '-';
      });
    },
    ip: function (s) {
      var t = String(s).trim();
      var slash = t.indexOf('/');
      var addr = slash >= 0 ? t.slice(0, slash) : t;
      var prefix = slash >= 0 ? t.slice(slash + 1) : null;
      var max;
      if (strictIpv4(addr)) max = 32;
      else if (addr.indexOf(':') >= 0 && ipv6(addr)) max = 128;
      else return false;
      if (prefix === null) return true;
      return /^(0|[1-9][0-9]{0,2})$/.test(prefix) && Number(prefix) <= max;
    },
  };

  if (typeof document === 'undefined') {
    // Loaded by the test runner (node): expose the validators only.
    globalThis.veiviserFormValidators = validators;
    return;
  }

  // ---------------------------------------------------------------- helpers
  function fmt(msg, vars) {
    return String(msg).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(vars, k) ? vars[k] : m;
    });
  }
  function lowerFirst(s) {
    if (s.length > 1 && s[1] === s[1].toUpperCase() && s[1] !== s[1].toLowerCase()) return s;
    return s.charAt(0).toLowerCase() + s.slice(1);
  }
  /** A message with `{label}` filled in: the label is lower-cased only mid-sentence
   * ("Fyll ut organisasjonsnummer."), never where it starts the message. */
  function say(msg, label, vars) {
    var m = String(msg);
    var v = { label: m.indexOf('{label}') === 0 ? label : lowerFirst(label) };
    for (var k in vars) if (Object.prototype.hasOwnProperty.call(vars, k)) v[k] = vars[k];
    return fmt(m, v);
  }
  function isHidden(el, form) {
    for (var n = el; n && n !== form; n = n.parentElement) {
      if (n.hidden) return true;
    }
    return false;
  }
  function hideHints(root) {
    root.querySelectorAll('[data-vv-condition-hint]').forEach(function (h) { h.hidden = true; });
  }
  var SENSITIVE_TYPES = { fodselsnummer: 1, kontonummer: 1 };
  // A `number` field's value (NUMBER_PATTERN in src/forms/html.rs): `1e`, `0x10` or `1 000`
  // are not numbers here, though Number() would read some of them.
  var NUMBER = /^-?[0-9]+([.,][0-9]+)?$/;

  function Form(form) {
    this.form = form;
    this.id = form.getAttribute('data-vv-form');
    this.root = form.closest('[data-vv-form-root]') || form.parentElement;
    this.msg = JSON.parse(form.getAttribute('data-vv-messages') || '{}');
    this.summary = form.querySelector('[data-vv-summary]');
    this.status = form.querySelector('[data-vv-status]');
    this.receipt = this.root.querySelector('[data-vv-receipt]');
    this.draftKey = 'veiviser-form:' + this.id + ':' + (form.getAttribute('data-vv-lang') || '');
    form.noValidate = true;
    // Conditions in words are for readers without JavaScript; here fields show and hide.
    hideHints(form);
    var self = this;
    form.addEventListener('submit', function (e) { self.onSubmit(e); });
    form.addEventListener('input', function () { self.update(); self.saveDraft(); });
    form.addEventListener('change', function () { self.update(); self.saveDraft(); });
    form.addEventListener('click', function (e) {
      var t = e.target.closest('[data-vv-add], [data-vv-remove], [data-vv-summary] a');
      if (!t) return;
      if (t.hasAttribute('data-vv-add')) { e.preventDefault(); self.add(t.closest('[data-vv-repeat]'), true); }
      else if (t.hasAttribute('data-vv-remove')) { e.preventDefault(); self.remove(t.closest('[data-vv-item]')); }
      else {
        var target = document.getElementById(t.getAttribute('href').slice(1));
        if (target) { e.preventDefault(); target.focus(); }
      }
    });
    this.form.querySelectorAll('[data-vv-repeat]').forEach(function (r) { self.buttons(r); });
    this.restoreDraft();
    this.update();
  }

  Form.prototype.controls = function (name) {
    return Array.prototype.filter.call(this.form.elements, function (c) { return c.name === name; });
  };

  Form.prototype.value = function (name) {
    var cs = this.controls(name);
    if (!cs.length) return '';
    var c = cs[0];
    if (c.type === 'radio') {
      var r = cs.filter(function (x) { return x.checked && !x.disabled; })[0];
      return r ? r.value : '';
    }
    if (c.type === 'checkbox') {
      var field = c.closest('[data-vv-field]');
      if (field && field.getAttribute('data-vv-type') === 'checkboxes') {
        return cs.filter(function (x) { return x.checked && !x.disabled; }).map(function (x) { return x.value; });
      }
      return c.checked && !c.disabled;
    }
    return c.disabled ? '' : c.value;
  };

  /** The control name a condition's `field` means, seen from element `el`. */
  Form.prototype.ref = function (el, field) {
    var scope = el.getAttribute('data-vv-scope');
    var item = el.closest('[data-vv-item]');
    if (scope && item) return scope + '.' + item.getAttribute('data-vv-item') + '.' + field;
    return field;
  };

  Form.prototype.test = function (c, el) {
    var self = this;
    if (c.all) return c.all.every(function (x) { return self.test(x, el); });
    if (c.any) return c.any.some(function (x) { return self.test(x, el); });
    if (c.not) return !self.test(c.not, el);
    var v = this.value(this.ref(el, c.field));
    function eq(want) {
      if (Array.isArray(v)) return v.indexOf(String(want)) >= 0;
      if (typeof v === 'boolean') return v === (want === true || want === 'true');
      return String(v) === String(want);
    }
    if ('equals' in c) return eq(c.equals);
    if ('in' in c) return c['in'].some(eq);
    if ('filled' in c) return Array.isArray(v) ? v.length > 0 : typeof v === 'boolean' ? v : String(v).trim() !== '';
    return false;
  };

  /** Shows and hides conditional fields; hidden fields are disabled (never submitted). */
  Form.prototype.update = function () {
    var self = this;
    for (var pass = 0; pass < 5; pass++) {
      var changed = false;
      this.form.querySelectorAll('[data-vv-show-if]').forEach(function (el) {
        if (el.closest('template')) return;
        var show = self.test(JSON.parse(el.getAttribute('data-vv-show-if')), el);
        if (el.hidden === show) {
          el.hidden = !show;
          changed = true;
          el.querySelectorAll('input, select, textarea').forEach(function (c) { c.disabled = !show; });
        }
      });
      if (!changed) break;
    }
  };

  Form.prototype.fieldError = function (el) {
    var m = this.msg;
    var label = el.getAttribute('data-vv-label') || '';
    var type = el.getAttribute('data-vv-type');
    var inputs = el.querySelectorAll('input, select, textarea');
    if (!inputs.length || isHidden(el, this.form)) return '';
    var required = el.hasAttribute('data-vv-required') ||
      (el.hasAttribute('data-vv-required-if') && this.test(JSON.parse(el.getAttribute('data-vv-required-if')), el));
    var c = inputs[0];
    var value = this.value(c.name);
    var empty = Array.isArray(value) ? value.length === 0 : typeof value === 'boolean' ? !value : String(value).trim() === '';
    var choice = type === 'radio' || type === 'checkboxes' || type === 'select' || type === 'checkbox';
    if (empty && required && type === 'checkbox') return fmt(m.err_required_check, { label: label });
    if (empty) return required ? say(choice ? m.err_required_choice : m.err_required, label) : '';
    if (choice) return '';
    var v = String(value).trim();
    var custom = el.getAttribute('data-vv-message');
    if (validators[type] && !validators[type](v)) return custom || say(m['err_' + type], label);
    if (type === 'number') {
      if (!NUMBER.test(v)) return say(m.err_number, label);
      var n = Number(v.replace(',', '.'));
      var min = c.getAttribute('data-vv-min'), max = c.getAttribute('data-vv-max');
      if (min !== null && n < Number(min)) return say(m.err_min, label, { min: min });
      if (max !== null && n > Number(max)) return say(m.err_max, label, { max: max });
    }
    // As the message says, and as URL_PATTERN in src/forms/html.rs and schema.json: https only.
    if (type === 'url' && !/^https:\/\/[^\s/]+\.[^\s]+$/.test(v)) return say(m.err_url, label);
    if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return say(m.err_date, label);
    if (!validators[type] && c.getAttribute('pattern')) {
      var re;
      try { re = new RegExp('^(?:' + c.getAttribute('pattern') + ')$', 'u'); } catch (e) { re = null; }
      if (re && !re.test(v)) return custom || say(m.err_pattern, label);
    }
    var minl = c.getAttribute('minlength'), maxl = c.getAttribute('maxlength');
    if (minl && v.length < Number(minl)) return say(m.err_min_length, label, { min: minl });
    if (maxl && v.length > Number(maxl)) return say(m.err_max_length, label, { max: maxl });
    return '';
  };

  /** Every error: [{ el, target, message }], in document order. */
  Form.prototype.validate = function () {
    var self = this, errors = [];
    this.form.querySelectorAll('[data-vv-field], [data-vv-repeat]').forEach(function (el) {
      if (el.closest('template')) return;
      var msg = '';
      if (el.hasAttribute('data-vv-repeat')) {
        if (isHidden(el, self.form)) return;
        var n = el.querySelectorAll('[data-vv-items] > [data-vv-item]').length;
        var label = el.getAttribute('data-vv-label') || '';
        if (n < Number(el.getAttribute('data-vv-min'))) msg = say(self.msg.err_repeat_min, label, { min: el.getAttribute('data-vv-min') });
        if (n > Number(el.getAttribute('data-vv-max'))) msg = say(self.msg.err_repeat_max, label, { max: el.getAttribute('data-vv-max') });
      } else if (!el.matches('fieldset.vv-form__group')) {
        msg = self.fieldError(el);
      }
      var input = el.querySelector('input, select, textarea, button');
      errors.push({ el: el, target: input, message: msg });
    });
    return errors;
  };

  Form.prototype.showErrors = function (all, focus) {
    var list = this.summary.querySelector('[data-vv-summary-list]');
    list.textContent = '';
    var bad = all.filter(function (e) { return e.message; });
    all.forEach(function (e) {
      var box = e.el.querySelector(':scope > [data-vv-error]');
      if (box) { box.textContent = e.message; box.hidden = !e.message; }
      e.el.querySelectorAll('input, select, textarea').forEach(function (c) {
        if (c.closest('[data-vv-field], [data-vv-repeat]') !== e.el) return;
        if (e.message) c.setAttribute('aria-invalid', 'true'); else c.removeAttribute('aria-invalid');
      });
      if (e.message) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = '#' + (e.target ? e.target.id : e.el.id);
        a.textContent = e.message;
        li.appendChild(a);
        list.appendChild(li);
      }
    });
    this.summary.hidden = bad.length === 0;
    if (bad.length && focus) this.summary.focus();
    return bad.length;
  };

  // ------------------------------------------------------------ repeatable groups
  Form.prototype.items = function (rep) {
    return Array.prototype.slice.call(rep.querySelectorAll('[data-vv-items] > [data-vv-item]'));
  };
  Form.prototype.buttons = function (rep) {
    var n = this.items(rep).length;
    var min = Number(rep.getAttribute('data-vv-min')), max = Number(rep.getAttribute('data-vv-max'));
    rep.querySelector('[data-vv-add]').hidden = n >= max;
    this.items(rep).forEach(function (it) { it.querySelector('[data-vv-remove]').hidden = n <= min; });
  };
  Form.prototype.add = function (rep, focus) {
    var n = this.items(rep).length;
    var tpl = rep.querySelector('template[data-vv-item-template]');
    var t = document.createElement('template');
    t.innerHTML = tpl.innerHTML.replace(/__i__/g, String(n)).replace(/__n__/g, String(n + 1));
    var item = t.content.firstElementChild;
    hideHints(item);
    rep.querySelector('[data-vv-items]').appendChild(item);
    this.buttons(rep);
    this.update();
    if (focus) {
      var first = item.querySelector('input, select, textarea');
      if (first) first.focus();
      this.saveDraft();
    }
    return item;
  };
  Form.prototype.remove = function (item) {
    var rep = item.closest('[data-vv-repeat]');
    var group = rep.getAttribute('data-vv-repeat');
    item.remove();
    var fid = this.form.id;
    var label = rep.getAttribute('data-vv-label');
    this.items(rep).forEach(function (it, k) {
      var old = it.getAttribute('data-vv-item');
      it.setAttribute('data-vv-item', String(k));
      var idOld = fid + '-' + group + '-' + old + '-', idNew = fid + '-' + group + '-' + k + '-';
      it.querySelectorAll('*').forEach(function (el) {
        ['id', 'for', 'aria-describedby', 'data-vv-field'].forEach(function (a) {
          var v = el.getAttribute(a);
          if (v) el.setAttribute(a, v.split(idOld).join(idNew).split(group + '.' + old + '.').join(group + '.' + k + '.'));
        });
        if (el.name) el.name = el.name.replace(group + '.' + old + '.', group + '.' + k + '.');
      });
      var legend = it.querySelector('.vv-form__item-legend');
      if (legend) legend.textContent = label + ' ' + (k + 1);
      var hiddenLabel = it.querySelector('[data-vv-remove] .vv-visually-hidden');
      if (hiddenLabel) hiddenLabel.textContent = label + ' ' + (k + 1);
    });
    this.buttons(rep);
    var add = rep.querySelector('[data-vv-add]');
    var items = this.items(rep);
    if (!add.hidden) add.focus();
    else if (items.length) items[items.length - 1].querySelector('input, select, textarea').focus();
    this.saveDraft();
  };

  // ------------------------------------------------------------ drafts
  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  Form.prototype.sensitive = function (c) {
    var f = c.closest('[data-vv-field]');
    return !!f && (f.hasAttribute('data-vv-sensitive') || SENSITIVE_TYPES[f.getAttribute('data-vv-type')]);
  };
  Form.prototype.saveDraft = function () {
    var s = storage();
    if (!s) return;
    var self = this, values = {}, repeats = {};
    this.form.querySelectorAll('[data-vv-repeat]').forEach(function (r) {
      repeats[r.getAttribute('data-vv-repeat')] = self.items(r).length;
    });
    Array.prototype.forEach.call(this.form.elements, function (c) {
      if (!c.name || self.sensitive(c)) return;
      if (c.type === 'radio' || c.type === 'checkbox') {
        values[c.name] = values[c.name] || [];
        if (c.checked) values[c.name].push(c.value);
      } else {
        values[c.name] = c.value;
      }
    });
    try { s.setItem(this.draftKey, JSON.stringify({ values: values, repeats: repeats })); } catch (e) { /* full */ }
  };
  Form.prototype.restoreDraft = function () {
    var s = storage();
    var raw = s && s.getItem(this.draftKey);
    if (!raw) return;
    var d;
    try { d = JSON.parse(raw); } catch (e) { return; }
    var self = this;
    this.form.querySelectorAll('[data-vv-repeat]').forEach(function (r) {
      var want = (d.repeats || {})[r.getAttribute('data-vv-repeat')] || 0;
      while (self.items(r).length < want) self.add(r, false);
    });
    Array.prototype.forEach.call(this.form.elements, function (c) {
      if (!c.name || !(c.name in d.values) || self.sensitive(c)) return;
      var v = d.values[c.name];
      if (c.type === 'radio' || c.type === 'checkbox') c.checked = Array.isArray(v) && v.indexOf(c.value) >= 0;
      else c.value = v;
    });
    this.update();
    this.status.textContent = this.msg.draft_restored;
  };

  // ------------------------------------------------------------ submission
  /** The submission: nested JSON from dotted names; empty and hidden values left out. */
  Form.prototype.payload = function () {
    var self = this, out = {};
    var seen = {};
    Array.prototype.forEach.call(this.form.elements, function (c) {
      if (!c.name || c.disabled || seen[c.name]) return;
      seen[c.name] = true;
      var field = c.closest('[data-vv-field]');
      var type = field ? field.getAttribute('data-vv-type') : '';
      var v = self.value(c.name);
      if (Array.isArray(v) ? !v.length : typeof v === 'boolean' ? !v : String(v).trim() === '') return;
      if (type === 'number') v = Number(String(v).replace(',', '.'));
      else if (type === 'kontonummer') v = compact(v).replace(/\./g, '');
      else if (validators[type] && type !== 'email') v = compact(v);
      else if (typeof v === 'string') v = v.trim();
      var path = c.name.split('.');
      var o = out;
      for (var i = 0; i < path.length - 1; i++) {
        var key = /^\d+$/.test(path[i]) ? Number(path[i]) : path[i];
        var nextIsIndex = /^\d+$/.test(path[i + 1]);
        if (o[key] === undefined) o[key] = nextIsIndex ? [] : {};
        o = o[key];
      }
      o[path[path.length - 1]] = v;
    });
    // Drop empty items of repeatable groups' arrays (holes).
    Object.keys(out).forEach(function (k) {
      if (Array.isArray(out[k])) out[k] = out[k].filter(function (x) { return x && Object.keys(x).length; });
    });
    return out;
  };

  Form.prototype.lines = function () {
    var self = this, lines = [];
    this.form.querySelectorAll('[data-vv-field]').forEach(function (el) {
      if (el.closest('template') || isHidden(el, self.form) || el.matches('fieldset.vv-form__group')) return;
      var c = el.querySelector('input, select, textarea');
      if (!c) return;
      var v = self.value(c.name);
      if (Array.isArray(v)) {
        // Boxes by value, compared as text: a value may hold anything (quotes, a line
        // break) that would break a CSS selector built from it.
        var boxes = Array.prototype.slice.call(el.querySelectorAll('input'));
        v = v.map(function (x) {
          var box = boxes.filter(function (b) { return b.value === x; })[0];
          var l = box && box.labels && box.labels[0];
          return l ? l.textContent : x;
        }).join(', ');
      } else if (c.type === 'radio') {
        var r = el.querySelector('input:checked');
        var rl = r && r.labels && r.labels[0];
        v = rl ? rl.textContent : v;
      } else if (c.tagName === 'SELECT') {
        v = v ? c.options[c.selectedIndex].textContent : '';
      } else if (typeof v === 'boolean') {
        v = v ? '✓' : '';
      }
      if (v === '' || v === undefined) return;
      var item = el.closest('[data-vv-item]');
      var prefix = item ? item.querySelector('.vv-form__item-legend').textContent + ': ' : '';
      lines.push([prefix + (el.getAttribute('data-vv-label') || c.name), String(v).trim()]);
    });
    return lines;
  };

  Form.prototype.mailtoUrl = function () {
    var to = this.form.getAttribute('data-vv-mailto');
    var subject = this.form.getAttribute('data-vv-subject') || '';
    var body = this.lines().map(function (l) { return l[0] + ': ' + l[1]; }).join('\r\n');
    var q = [];
    if (subject) q.push('subject=' + encodeURIComponent(subject));
    q.push('body=' + encodeURIComponent(body));
    return 'mailto:' + to + '?' + q.join('&');
  };

  Form.prototype.showReceipt = function (text) {
    var dl = this.receipt.querySelector('[data-vv-receipt-list]');
    dl.textContent = '';
    this.lines().forEach(function (l) {
      var dt = document.createElement('dt'); dt.textContent = l[0];
      var dd = document.createElement('dd'); dd.textContent = l[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    if (text) {
      var p = document.createElement('p');
      p.className = 'vv-form__receipt-text';
      p.appendChild(text);
      this.receipt.appendChild(p);
    }
    this.form.hidden = true;
    this.receipt.hidden = false;
    this.receipt.focus();
    var s = storage();
    if (s) s.removeItem(this.draftKey);
  };

  Form.prototype.fail = function (message) {
    this.status.textContent = message;
    this.status.classList.add('vv-form__status--error');
    this.status.setAttribute('role', 'alert');
    this.status.focus();
    this.form.removeAttribute('aria-busy');
  };

  Form.prototype.onSubmit = function (e) {
    e.preventDefault();
    // One submission at a time: the button stays enabled (never disabled), but a second
    // Enter or click while one is in flight sends nothing. fail() ends it, so retry works.
    if (this.form.getAttribute('aria-busy') === 'true') return;
    this.update();
    if (this.showErrors(this.validate(), true)) return;
    this.status.classList.remove('vv-form__status--error');
    this.status.setAttribute('role', 'status');
    if (this.form.hasAttribute('data-vv-mailto')) {
      var url = this.mailtoUrl();
      this.form.setAttribute('data-vv-mailto-url', url);
      var frag = document.createDocumentFragment();
      frag.appendChild(document.createTextNode(this.msg.mailto_opened + ' '));
      var a = document.createElement('a');
      a.href = url;
      a.className = 'vv-form__mailto-link';
      a.textContent = this.msg.mailto_link;
      frag.appendChild(a);
      this.showReceipt(frag);
      try { window.location.href = url; } catch (err) { /* no mail client */ }
      return;
    }
    var self = this;
    var payload = this.payload();
    var json = this.form.getAttribute('data-vv-encoding') !== 'urlencoded';
    var body, headers = { Accept: 'application/json' };
    if (json) {
      body = JSON.stringify(payload);
      headers['Content-Type'] = 'application/json';
    } else {
      var params = new URLSearchParams();
      Array.prototype.forEach.call(this.form.elements, function (c) {
        if (!c.name || c.disabled) return;
        if ((c.type === 'radio' || c.type === 'checkbox') && !c.checked) return;
        if (c.value.trim() !== '') params.append(c.name, c.value.trim());
      });
      body = params;
    }
    this.status.textContent = this.msg.sending;
    this.form.setAttribute('aria-busy', 'true');
    fetch(this.form.action, { method: 'POST', headers: headers, body: body }).then(function (res) {
      if (!res.ok) { self.fail(fmt(self.msg.failed, { n: res.status })); return; }
      self.form.removeAttribute('aria-busy');
      self.status.textContent = '';
      self.showReceipt(null);
    }, function () {
      self.fail(self.msg.failed_network);
    });
  };

  // ------------------------------------------------------------ start
  function initAll(root) {
    (root || document).querySelectorAll('form[data-vv-form]').forEach(function (f) {
      if (!f.vvForm) f.vvForm = new Form(f);
    });
  }

  /** `<veiviser-form src=".../fragment.html">`: a light-DOM custom element. */
  if (window.customElements && !window.customElements.get('veiviser-form')) {
    window.customElements.define('veiviser-form', class extends HTMLElement {
      connectedCallback() {
        var self = this;
        if (this.querySelector('form[data-vv-form]')) { initAll(this); return; }
        var src = this.getAttribute('src');
        if (!src) return;
        fetch(src).then(function (r) { return r.text(); }).then(function (html) {
          var t = document.createElement('template');
          t.innerHTML = html;
          t.content.querySelectorAll('script').forEach(function (s) { s.remove(); });
          self.appendChild(t.content);
          initAll(self);
        });
      }
    });
  }

  function reportHeight() {
    if (!document.body || !document.body.hasAttribute('data-vv-embed') || window.parent === window) return;
    var last = 0;
    function send() {
      var h = Math.ceil(document.documentElement.scrollHeight);
      if (h === last) return;
      last = h;
      var f = document.querySelector('form[data-vv-form]');
      window.parent.postMessage({ type: 'veiviser-form:height', form: f && f.getAttribute('data-vv-form'), height: h }, '*');
    }
    send();
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    window.addEventListener('load', send);
  }

  window.veiviserForms = { init: initAll, validators: validators };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { initAll(); reportHeight(); });
  } else {
    initAll();
    reportHeight();
  }
})();
