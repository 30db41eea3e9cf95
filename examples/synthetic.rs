//! Write a synthetic dataset of N platforms in the shipped schema, for scale tests and benchmarks.
//!
//! cargo run --release --example synthetic -- 100000 > /tmp/synthetic-100k.ron

fn main() {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 1000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: synthetic [N]   (N platforms, default 1000; RON on stdout)");
            std::process::exit(2);
        }
    };
    let text = gongshu::dataset::synthetic::to_ron(&gongshu::dataset::synthetic::generate(n));
    print!("{text}");
}
