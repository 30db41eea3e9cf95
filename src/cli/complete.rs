//! Completion scripts: clap's, from the same definitions as `--help`, plus the platform ids (and
//! numbers) of the dataset in use for `gongshu show <Tab>`, `where <Tab>`, `near <Tab>`,
//! `gongshu <Tab>`, `--select` and `present --start`. The scripts ask the binary for them (`gongshu __complete-ids`, hidden),
//! passing on the `--data` the command line being completed names.

use clap_complete::Shell;

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = super::manual::command();
    // Generate into memory: clap_complete panics if its writer fails (a closed pipe).
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gongshu", &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => bash(script),
        Shell::Zsh => zsh(script),
        Shell::Fish => script + FISH,
        _ => script,
    }
}

/// A function that prints the ids, and a completion function around clap's that offers them.
const BASH: &str = r#"
_gongshu_ids() {
    local i data=""
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        case "${COMP_WORDS[i]}" in
            --data) data="${COMP_WORDS[i+1]}" ;;
            --data=*) data="${COMP_WORDS[i]#--data=}" ;;
        esac
    done
    if [[ -n "$data" ]]; then
        command gongshu __complete-ids --data "${data/#\~/$HOME}" 2>/dev/null
    else
        command gongshu __complete-ids 2>/dev/null
    fi
}

# Offer the ids that start with $1, each quoted for the command line: ids are data, never
# expanded (compgen -W would expand $(...) in them) nor run.
_gongshu_offer_ids() {
    local id q
    while IFS= read -r id; do
        [[ "$id" == "$1"* ]] || continue
        printf -v q '%q' "$id"
        COMPREPLY+=("$q")
    done < <(_gongshu_ids)
}

_gongshu_with_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local i w sub="" args=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        case "$w" in
            --data|--lang|--color|--theme|--query|-q|--select|--start|--width|--height|--style|--spotlight|--limit|--interval|--format|--out|--size|--screen) ((i++)) ;;
            -*) ;;
            *) if [[ -z "$sub" ]]; then sub="$w"; else ((args++)); fi ;;
        esac
    done
    case "$prev" in
        --select|--start)
            COMPREPLY=()
            _gongshu_offer_ids "$cur"
            return 0 ;;
        --data|--lang|--color|--theme|--query|-q) _gongshu "$@"; return 0 ;;
    esac
    local takes_id=""
    case "$sub" in show|where|near) takes_id=1 ;; esac
    if [[ "$cur" != -* && ( -z "$sub" || ( -n "$takes_id" && $args -eq 0 ) ) ]]; then
        [[ -z "$sub" ]] && _gongshu "$@"
        [[ -n "$takes_id" ]] && COMPREPLY=()
        _gongshu_offer_ids "$cur"
        return 0
    fi
    _gongshu "$@"
}
"#;

fn bash(script: String) -> String {
    // clap registers `_gongshu`; register the wrapper instead (a function may be defined after
    // `complete` names it).
    script
        .replace(" __complete-ids", "")
        .replace("complete -F _gongshu ", "complete -F _gongshu_with_ids ")
        + BASH
}

const ZSH_IDS: &str = r#"
(( $+functions[_gongshu_ids] )) ||
_gongshu_ids() {
    local -a ids
    local i data=""
    for ((i = 1; i <= $#words; i++)); do
        [[ "$words[i]" == --data ]] && data="$words[i+1]"
        [[ "$words[i]" == --data=* ]] && data="${words[i]#--data=}"
    done
    if [[ -n "$data" ]]; then
        ids=(${(f)"$(command gongshu __complete-ids --data "${~data}" 2>/dev/null)"})
    else
        ids=(${(f)"$(command gongshu __complete-ids 2>/dev/null)"})
    fi
    compadd -a ids
}
"#;

fn zsh(script: String) -> String {
    // clap leaves these values to the default completer; the ids are better.
    let mut out = String::new();
    for line in script.lines() {
        let l = if line.contains("::platform -- ")
            || line.contains(":platform -- An id")
            || line.contains(":query -- An id")
            || line.contains("--select=[")
            || line.contains("--start=[")
        {
            match line.rfind(":_default'") {
                Some(i) => format!("{}:_gongshu_ids'{}", &line[..i], &line[i + 10..]),
                None => line.to_string(),
            }
        } else {
            line.to_string()
        };
        out.push_str(&l);
        out.push('\n');
    }
    if let Some(i) = out.find("\n(( $+functions[_gongshu_commands] ))") {
        out.insert_str(i, ZSH_IDS);
    } else {
        out.push_str(ZSH_IDS);
    }
    out
}

const FISH: &str = r#"
function __gongshu_ids
    set -l data (commandline -opc | string match -r -- '^--data=.*' | string replace -- '--data=' '')
    set -l words (commandline -opc)
    set -l i (contains -i -- --data $words)
    and set data $words[(math $i + 1)]
    if test -n "$data"
        command gongshu __complete-ids --data $data 2>/dev/null
    else
        command gongshu __complete-ids 2>/dev/null
    end
end
complete -c gongshu -n "__fish_use_subcommand" -f -a "(__gongshu_ids)"
complete -c gongshu -n "__fish_seen_subcommand_from show where near" -f -a "(__gongshu_ids)"
complete -c gongshu -l select -f -r -a "(__gongshu_ids)"
complete -c gongshu -n "__fish_seen_subcommand_from present" -l start -f -r -a "(__gongshu_ids)"
"#;
