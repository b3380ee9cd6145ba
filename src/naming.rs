//! Naming.
