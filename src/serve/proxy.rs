//! The PROXY protocol (version 2, HAProxy's `send-proxy-v2`): behind a TCP load balancer, the
//! client's real address comes in a header before the SSH bytes. It is read only from the
//! balancers' addresses (`--proxy-protocol`), and a header from anyone else is refused: a client
//! must not choose the address the limits and the log see.

use std::net::{IpAddr, SocketAddr};

use ppp::v2::{Addresses, Command, Header, PROTOCOL_PREFIX};
use tokio::io::{AsyncRead, AsyncReadExt};

/// The fixed part of a v2 header: the signature, version and command, family and protocol,
/// and the length of what follows.
const FIXED: usize = 16;
/// Version 1 (text) starts with this.
const V1_PREFIX: &[u8] = b"PROXY ";

/// Whether `ip` is one of the balancers' addresses (an IPv4 address seen on an IPv6 socket as
/// `::ffff:a.b.c.d` is the same address).
pub(crate) fn listed(balancers: &[IpAddr], ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    balancers.iter().any(|b| b.to_canonical() == ip)
}

/// Read the PROXY v2 header at the start of `stream`, and not a byte past it: the address of
/// the client the balancer speaks for. A `LOCAL` header (the balancer's own health check) or one
/// with no internet address leaves `balancer` as the address.
pub(crate) async fn read_header<S: AsyncRead + Unpin>(
    stream: &mut S,
    balancer: SocketAddr,
) -> Result<SocketAddr, String> {
    let mut bytes = vec![0u8; FIXED];
    stream
        .read_exact(&mut bytes)
        .await
        .map_err(|e| format!("no PROXY v2 header ({e})"))?;
    if !bytes.starts_with(PROTOCOL_PREFIX) {
        return Err(if bytes.starts_with(V1_PREFIX) {
            "a PROXY v1 header (only v2 is read: send-proxy-v2)".into()
        } else {
            "no PROXY v2 header".into()
        });
    }
    let rest = u16::from_be_bytes([bytes[14], bytes[15]]) as usize;
    bytes.resize(FIXED + rest, 0);
    stream
        .read_exact(&mut bytes[FIXED..])
        .await
        .map_err(|e| format!("a PROXY v2 header cut short ({e})"))?;
    let header =
        Header::try_from(&bytes[..]).map_err(|e| format!("a bad PROXY v2 header ({e})"))?;
    if header.command == Command::Local {
        return Ok(balancer);
    }
    Ok(match header.addresses {
        Addresses::IPv4(a) => SocketAddr::from((a.source_address, a.source_port)),
        Addresses::IPv6(a) => SocketAddr::from((a.source_address, a.source_port)),
        Addresses::Unspecified | Addresses::Unix(_) => balancer,
    })
}

/// Watches the first bytes a client sends on a connection that is not from a balancer: a PROXY
/// header there is someone choosing their own address, and the connection is refused.
#[derive(Debug, Default)]
pub(crate) struct Sniff {
    /// How many of the client's first bytes have been looked at.
    seen: usize,
    /// Whether they are still the start of a v2 signature, of a v1 line.
    v2: bool,
    v1: bool,
}

impl Sniff {
    pub fn new() -> Sniff {
        Sniff {
            seen: 0,
            v2: true,
            v1: true,
        }
    }

    /// Look at the next bytes read: `true` once they make a whole PROXY signature.
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        for &b in bytes {
            if !self.v1 && !self.v2 {
                return false;
            }
            self.v2 &= PROTOCOL_PREFIX.get(self.seen) == Some(&b);
            self.v1 &= V1_PREFIX.get(self.seen) == Some(&b);
            self.seen += 1;
            if (self.v2 && self.seen == PROTOCOL_PREFIX.len())
                || (self.v1 && self.seen == V1_PREFIX.len())
            {
                return true;
            }
        }
        false
    }

    /// Nothing more to look for.
    pub fn done(&self) -> bool {
        !self.v1 && !self.v2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ppp::v2::{Builder, Protocol, Version};

    fn header(addresses: impl Into<Addresses>, command: Command) -> Vec<u8> {
        Builder::with_addresses(Version::Two | command, Protocol::Stream, addresses)
            .build()
            .unwrap()
    }

    async fn read(bytes: &[u8]) -> (Result<SocketAddr, String>, Vec<u8>) {
        let mut s = bytes;
        let got = read_header(&mut s, "10.0.0.1:5000".parse().unwrap()).await;
        (got, s.to_vec())
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_header_gives_the_client_address_and_leaves_the_ssh_bytes() {
        let v4 = (
            "203.0.113.7:40000".parse::<SocketAddr>().unwrap(),
            "10.0.0.2:2222".parse::<SocketAddr>().unwrap(),
        );
        let mut bytes = header(v4, Command::Proxy);
        bytes.extend_from_slice(b"SSH-2.0-x\r\n");
        let (got, rest) = block_on(read(&bytes));
        assert_eq!(got, Ok("203.0.113.7:40000".parse().unwrap()));
        assert_eq!(rest, b"SSH-2.0-x\r\n");
        let v6 = (
            "[2001:db8::7]:40000".parse::<SocketAddr>().unwrap(),
            "[2001:db8::2]:2222".parse::<SocketAddr>().unwrap(),
        );
        let (got, _) = block_on(read(&header(v6, Command::Proxy)));
        assert_eq!(got, Ok("[2001:db8::7]:40000".parse().unwrap()));
        // A health check speaks for no one: the balancer's own address.
        let (got, _) = block_on(read(&header(v4, Command::Local)));
        assert_eq!(got, Ok("10.0.0.1:5000".parse().unwrap()));
    }

    #[test]
    fn anything_else_is_an_error_not_a_wait() {
        for bad in [
            &b"SSH-2.0-OpenSSH_9.6\r\n"[..],
            b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n",
            b"",
            &PROTOCOL_PREFIX[..8],
        ] {
            let (got, _) = block_on(read(bad));
            assert!(got.is_err(), "{bad:?}");
        }
        // A length past the bytes sent: cut short.
        let mut cut = header(
            (
                "1.2.3.4:1".parse::<SocketAddr>().unwrap(),
                "5.6.7.8:2".parse::<SocketAddr>().unwrap(),
            ),
            Command::Proxy,
        );
        cut.truncate(20);
        assert!(block_on(read(&cut)).0.is_err());
        // A version byte that is not 2.
        let mut v3 = header(Addresses::Unspecified, Command::Proxy);
        v3[12] = 0x31;
        assert!(block_on(read(&v3)).0.unwrap_err().contains("bad"));
    }

    #[test]
    fn the_sniffer_finds_a_header_split_anywhere_and_lets_ssh_through() {
        let h = header(Addresses::Unspecified, Command::Proxy);
        for cut in 0..h.len() {
            let mut s = Sniff::new();
            let found = s.feed(&h[..cut]) | s.feed(&h[cut..]);
            assert!(found, "cut at {cut}");
        }
        let mut s = Sniff::new();
        assert!(s.feed(b"PROXY TCP4 1.2.3.4"));
        let mut s = Sniff::new();
        assert!(!s.feed(b"SSH-2.0-OpenSSH_9.6\r\n"));
        assert!(s.done());
        let mut s = Sniff::new();
        assert!(!s.feed(b"\r\n\r\n\0\r\nQUI"));
        assert!(!s.done());
    }

    #[test]
    fn a_listed_address_is_found_whatever_the_socket_family() {
        let list = ["10.0.0.1".parse().unwrap(), "2001:db8::1".parse().unwrap()];
        assert!(listed(&list, "10.0.0.1".parse().unwrap()));
        assert!(listed(&list, "::ffff:10.0.0.1".parse().unwrap()));
        assert!(listed(&list, "2001:db8::1".parse().unwrap()));
        assert!(!listed(&list, "10.0.0.2".parse().unwrap()));
        assert!(!listed(&[], "10.0.0.1".parse().unwrap()));
    }
}
