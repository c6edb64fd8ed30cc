//! Integers as Azure reads them: a JSON number or a string holding one.
//!
//! Azure's resource providers accept `"cooldownPeriodInSeconds": "300"`, and
//! the stock az CLI sends exactly that (its arguments are untyped), so every
//! integer of the pool body goes through here. Serialization stays numeric.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

struct IntVisitor;

impl<'de> Visitor<'de> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

struct OptIntVisitor;

impl<'de> Visitor<'de> for OptIntVisitor {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, a string holding one, or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        int(d).map(Some)
    }
}

/// `#[serde(deserialize_with = "lenient::int")]` on an `i64`.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IntVisitor)
}

/// `#[serde(default, deserialize_with = "lenient::opt_int")]` on an `Option<i64>`.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(OptIntVisitor)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(default, deserialize_with = "super::opt_int")]
        a: Option<i64>,
        #[serde(deserialize_with = "super::int")]
        b: i64,
    }

    fn parse(s: &str) -> Result<T, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_strings_and_null() {
        assert_eq!(
            parse(r#"{"a":"300","b":"8080"}"#),
            Ok(T {
                a: Some(300),
                b: 8080
            })
        );
        assert_eq!(
            parse(r#"{"a":300,"b":-1}"#),
            Ok(T {
                a: Some(300),
                b: -1
            })
        );
        assert_eq!(parse(r#"{"a":null,"b":1}"#), Ok(T { a: None, b: 1 }));
        assert_eq!(parse(r#"{"b":1}"#), Ok(T { a: None, b: 1 }));
    }

    #[test]
    fn non_numbers_are_refused() {
        for bad in [
            r#"{"a":"soon","b":1}"#,
            r#"{"a":1.5,"b":1}"#,
            r#"{"a":true,"b":1}"#,
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("an integer"), "{e}");
        }
    }
}
