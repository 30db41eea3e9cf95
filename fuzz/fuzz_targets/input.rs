//! Any bytes as terminal input: decoding never panics, events stay bounded, and a key sent after
//! any garbage (once the garbage has settled) always comes through, as does a key after garbage
//! that holds no ESC.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gongshu::decode::check_input(data);
});
