//! The handout: every slide as a picture, then the plan and the source, in one HTML page that
//! loads nothing from outside and prints one slide per page.

use crate::dataset::{Dataset, Text};
use crate::lang::Lang;
use crate::words::Word;

use super::svg::FONTS;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    super::svg::escape(s, &mut out);
    out
}

/// `t` as paragraphs in the chosen language(s).
fn paras(lang: Lang, t: &Text, class: &str) -> String {
    let mut out = String::new();
    if lang != Lang::En {
        out += &format!("<p class=\"{class}\" lang=\"zh\">{}</p>\n", esc(&t.zh));
    }
    if lang != Lang::Zh {
        out += &format!("<p class=\"{class}\" lang=\"en\">{}</p>\n", esc(&t.en));
    }
    out
}

/// The page: `slides` are SVG documents, in order.
pub fn handout(d: &Dataset, lang: Lang, slides: &[String], bg: &str, fg: &str) -> String {
    let title = lang.pick(&d.plan.title);
    let mut body = String::new();
    for (i, svg) in slides.iter().enumerate() {
        body += &format!(
            "<section class=\"slide\" aria-label=\"{}\">\n{svg}</section>\n",
            i + 1
        );
    }
    let h = |w: Word| format!("<h2>{}</h2>\n", esc(&lang.word(w)));
    let plan = &d.plan;
    body += "<section class=\"text\">\n";
    body += &format!("<h1>{}</h1>\n", esc(&title));
    body += &h(Word::GeneralRequirements);
    body += &paras(lang, &plan.requirements, "");
    body += &h(Word::Targets);
    body += &format!("<h3>{}</h3>\n", esc(&lang.word(Word::OverallTarget)));
    body += &paras(lang, &plan.target, "");
    for t in &plan.sub_targets {
        body += &format!("<h3>{}</h3>\n", esc(&lang.pick(&t.title)));
        body += &paras(lang, &t.text, "");
    }
    body += &h(Word::WorkMeasures);
    for (n, m) in plan.measures.iter().enumerate() {
        body += &format!("<h3>{}. {}</h3>\n", n + 1, esc(&lang.pick(&m.title)));
        body += &paras(lang, &m.text, "");
    }
    let src = &d.source;
    body += &h(Word::Source);
    body += &paras(lang, &crate::view::plan_byline(src), "source");
    body += &paras(lang, &crate::view::plan_year_line(src), "source");
    body += &h(Word::RelatedReading);
    body += "<ul>\n";
    for r in &src.related {
        body += &format!(
            "<li>{} ({})</li>\n",
            esc(&lang.pick(&r.title)),
            esc(&r.date)
        );
    }
    body += "</ul>\n</section>\n";
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n\
         body {{ margin: 0; background: {bg}; color: {fg}; font-family: {FONTS}; }}\n\
         .slide {{ display: flex; align-items: center; justify-content: center; \
         min-height: 100vh; break-after: page; page-break-after: always; }}\n\
         .slide svg {{ width: 100%; height: auto; max-height: 100vh; }}\n\
         .text {{ max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.6; }}\n\
         .source {{ opacity: 0.8; }}\n\
         @page {{ size: A4 landscape; margin: 10mm; }}\n\
         @media print {{ body {{ background: #fff; color: #111; }} \
         .slide {{ min-height: 0; height: auto; break-inside: avoid; }} \
         .slide svg {{ max-height: 185mm; }} \
         .slide svg .bg {{ fill: #fff; }} .slide svg text {{ fill: #111; }} \
         .text {{ margin: 0 auto; }} .source {{ opacity: 1; }} }}\n\
         </style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html_lang = if lang == Lang::En { "en" } else { "zh" },
        title = esc(&title),
    )
}
