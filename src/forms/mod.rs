//! Order forms built from a schema (see issue "Order forms from a schema").
//!
//! Not wired into the pipeline yet.
