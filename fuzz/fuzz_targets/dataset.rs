//! Any bytes as a dataset file: loading must return a dataset or diagnostics, never panic, and
//! the diagnostics as printed must never carry a raw control character to the terminal. What the
//! fast reader reads, ron must read the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(fast) = gongshu::dataset::read_fast(text) {
        let slow: Result<gongshu::dataset::Dataset, _> = ron::from_str(text);
        let slow = slow.expect("ron reads what the fast reader reads");
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    }
    match gongshu::dataset::parse("fuzz.ron", text) {
        Ok(d) => {
            // A dataset that loads must also index and draw.
            let index = gongshu::search::Index::new(&d);
            let _ = index.search("电商 e");
            let opts = gongshu::map::MapOptions { selected: Some(0), ..Default::default() };
            let view = gongshu::map::Viewport::fit_district(&d, 60, 20);
            let _ = gongshu::map::render(&d, &view, 60, 20, &opts);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(
                !shown.chars().any(|c| c != '\n' && gongshu::dataset::is_forbidden_control(c)),
                "{shown:?}"
            );
        }
    }
});
