//! CPU and memory of a session container, with Azure's bounds.

use super::ValidationError;

/// CPU cores: 0.25–2.0.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Cpu(f64);

impl Cpu {
    pub const RULE: &'static str = "must be between 0.25 and 2.0 cores";

    pub fn new(cores: f64) -> Result<Self, ValidationError> {
        if cores.is_finite() && (0.25..=2.0).contains(&cores) {
            Ok(Self(cores))
        } else {
            Err(ValidationError::new(
                "properties.customContainerTemplate.containers[0].resources.cpu",
                format!("{cores} {}", Self::RULE),
            ))
        }
    }

    pub fn cores(self) -> f64 {
        self.0
    }
}

/// Memory written like `1.5Gi`: 0.5Gi–4Gi.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    text: String,
    bytes: u64,
}

impl Memory {
    pub const RULE: &'static str =
        "must be written like '1.5Gi' (a number followed by Gi) and be between 0.5Gi and 4Gi";
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let err = || {
            ValidationError::new(
                "properties.customContainerTemplate.containers[0].resources.memory",
                format!("'{s}' {}", Self::RULE),
            )
        };
        let number = s.strip_suffix("Gi").ok_or_else(err)?;
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(err());
        }
        let gib: f64 = number.parse().map_err(|_| err())?;
        if !(0.5..=4.0).contains(&gib) {
            return Err(err());
        }
        Ok(Self {
            text: s.to_string(),
            bytes: (gib * Self::GIB) as u64,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_bounds() {
        assert!(Cpu::new(0.25).is_ok());
        assert!(Cpu::new(2.0).is_ok());
        assert!(Cpu::new(0.2).is_err());
        assert!(Cpu::new(2.5).is_err());
        assert!(Cpu::new(f64::NAN).is_err());
    }

    #[test]
    fn memory_format_and_bounds() {
        assert_eq!(Memory::parse("0.5Gi").unwrap().bytes(), 512 * 1024 * 1024);
        assert_eq!(Memory::parse("4Gi").unwrap().bytes(), 4 << 30);
        for bad in [
            "0.25Gi", "5Gi", "1G", "1.5gi", "Gi", "-1Gi", "1e0Gi", "512Mi", "",
        ] {
            assert!(Memory::parse(bad).is_err(), "{bad}");
        }
    }
}
