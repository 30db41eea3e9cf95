//! The server's admission limits as the command line gives them (`gongshu serve
//! --max-startups`, `--connection-rate`): parsed here, enforced by `serve`.

use std::time::Duration;

/// sshd's `MaxStartups start:rate:full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Startups {
    pub start: usize,
    pub rate: u32,
    pub full: usize,
}

impl Default for Startups {
    fn default() -> Startups {
        Startups {
            start: 16,
            rate: 30,
            full: 32,
        }
    }
}

impl std::str::FromStr for Startups {
    type Err = String;
    /// `START:RATE:FULL` or a single `FULL`.
    fn from_str(s: &str) -> Result<Startups, String> {
        let bad = || format!("expected START:RATE:FULL (like 16:30:32) or N, not {s:?}");
        let n: Vec<usize> = s
            .split(':')
            .map(|p| p.trim().parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let st = match n[..] {
            [full] => Startups {
                start: full,
                rate: 100,
                full,
            },
            [start, rate, full] => Startups {
                start,
                rate: rate as u32,
                full,
            },
            _ => return Err(bad()),
        };
        if st.full == 0 || st.start == 0 || st.start > st.full || st.rate > 100 {
            return Err(format!("{s:?}: need 1 <= START <= FULL and RATE <= 100"));
        }
        Ok(st)
    }
}

/// New connections from one address: `burst`, then one more each `per / burst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub per: Duration,
}

impl Default for Rate {
    fn default() -> Rate {
        Rate {
            burst: 10,
            per: Duration::from_secs(10),
        }
    }
}

impl std::str::FromStr for Rate {
    type Err = String;
    /// `N/SECONDS`, like `10/10`.
    fn from_str(s: &str) -> Result<Rate, String> {
        let bad = || format!("expected N/SECONDS (like 10/10), not {s:?}");
        let (n, secs) = s.split_once('/').ok_or_else(bad)?;
        let burst: u32 = n.trim().parse().map_err(|_| bad())?;
        let secs: u64 = secs.trim().parse().map_err(|_| bad())?;
        if burst == 0 || secs == 0 || secs > 86_400 {
            return Err(format!("{s:?}: need N >= 1 and 1 <= SECONDS <= 86400"));
        }
        Ok(Rate {
            burst,
            per: Duration::from_secs(secs),
        })
    }
}
