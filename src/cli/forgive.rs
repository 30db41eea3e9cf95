//! A mistyped command name (`gongshu lsit`, `gongshu serach 金融`). The first word may also be a
//! platform (`gongshu 6`, `gongshu 康桥`), so clap cannot tell a typo from a platform: it takes
//! `lsit` for a platform and `serach 金融` for a platform and a stray word. This looks first.

use std::ffi::OsString;

use crate::dataset::{Dataset, Lookup};

/// Global options that take a value as the next word.
const VALUED: &[&str] = &[
    "--data",
    "--lang",
    "--color",
    "--theme",
    "--ambiguous-width",
    "--query",
    "-q",
];

/// The message for a first word that is no command and no platform but a small typo away from a
/// command, or `None` (then the command line is parsed as usual). `dataset` is asked for only
/// then: the one `--data` names, or the built-in one; `None` when it cannot be loaded.
pub fn misspelt_command(
    args: &[OsString],
    commands: &[String],
    dataset: impl FnOnce(Option<&std::path::Path>) -> Option<Dataset>,
) -> Option<String> {
    let (word, data) = first_word(args)?;
    if commands.contains(&word) {
        return None;
    }
    let command = closest(&word, commands)?;
    let d = dataset(data.as_deref())?;
    // An exact platform always wins: `gongshu map` is a command, but a platform called `mpa`
    // would open.
    if matches!(d.lookup(&word), Lookup::Found(_)) {
        return None;
    }
    Some(format!(
        "gongshu: {:?} is not a command or a platform\n\
         did you mean `gongshu {command}`?  (`gongshu --help` lists the commands)",
        crate::text::one_line(&word)
    ))
}

/// The first word that is not an option or an option's value, and the `--data` file.
fn first_word(args: &[OsString]) -> Option<(String, Option<std::path::PathBuf>)> {
    let mut data = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let s = a.to_str()?;
        if s == "--" {
            let w = it.next()?.to_str()?;
            return Some((w.to_string(), data));
        }
        if let Some(v) = s.strip_prefix("--data=") {
            data = Some(v.into());
        } else if VALUED.contains(&s) {
            let v = it.next()?;
            if s == "--data" {
                data = Some(v.into());
            }
        } else if !s.starts_with('-') || s == "-" {
            return Some((s.to_string(), data));
        }
    }
    None
}

/// The command `word` is a small typo of: one edit (a swap of neighbours counts as one) for
/// words of up to four letters, two for longer ones, never more than a third of the word.
fn closest<'a>(word: &str, commands: &'a [String]) -> Option<&'a str> {
    let w = word.to_lowercase();
    let len = w.chars().count();
    if len < 3 || !w.is_ascii() {
        return None;
    }
    let limit = if len <= 4 { 1 } else { 2 };
    commands
        .iter()
        .filter(|c| !c.starts_with('_'))
        .map(|c| (distance(&w, c), c))
        .filter(|&(d, _)| d <= limit && d * 3 <= len)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c.as_str())
}

/// Edit distance with adjacent transpositions (optimal string alignment).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands() -> Vec<String> {
        super::super::command_names()
    }

    fn check(args: &[&str]) -> Option<String> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        misspelt_command(&args, &commands(), |_| Some(crate::dataset::embedded()))
    }

    #[test]
    fn typos_of_commands_are_named() {
        let m = check(&["gongshu", "lsit"]).expect("lsit");
        assert!(m.contains("`gongshu list`"), "{m}");
        assert!(!m.contains("工业设计"), "{m}");
        let m = check(&["gongshu", "serach", "金融"]).expect("serach");
        assert!(m.contains("`gongshu search`"), "{m}");
        let m = check(&["gongshu", "--lang", "zh", "shwo", "6"]).expect("shwo");
        assert!(m.contains("`gongshu show`"), "{m}");
        assert!(check(&["gongshu", "--color", "never", "presnet"]).is_some());
    }

    #[test]
    fn commands_platforms_and_far_words_are_left_alone() {
        for args in [
            &["gongshu", "list"][..],
            &["gongshu", "6"],
            &["gongshu", "康桥"],
            &["gongshu", "kangqiao-health"],
            &["gongshu", "--lang", "list"],
            &["gongshu", "zzzzzz"],
            &["gongshu"],
            &["gongshu", "--", "6"],
        ] {
            assert_eq!(check(args), None, "{args:?}");
        }
        // A platform whose name is a typo of a command opens, exactly matched.
        let mut d = crate::dataset::embedded();
        d.platforms[0].name.en = "Mpa".into();
        let args: Vec<OsString> = ["gongshu", "mpa"].iter().map(OsString::from).collect();
        assert_eq!(misspelt_command(&args, &commands(), |_| Some(d)), None);
        assert!(check(&["gongshu", "mpa"]).is_some());
    }
}
