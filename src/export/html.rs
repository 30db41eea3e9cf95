//! The handout: every slide as a picture, then the plan and the source, in one HTML page that
//! loads nothing from outside and prints one slide per page.

use std::io::{self, Write};

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

/// The page around its slides, worked out before any slide is drawn: what comes before them
/// and what after (the plan and the source).
pub struct Frame {
    head: String,
    tail: String,
}

impl Frame {
    pub fn new(d: &Dataset, lang: Lang, bg: &str, fg: &str) -> Frame {
        Frame {
            head: head(d, lang, bg, fg),
            tail: tail(d, lang),
        }
    }

    /// The page written as it is made: its start, then a section for each SVG document
    /// `slides` hands to the function it is given (in order), then the rest. Only one slide
    /// is held at a time.
    pub fn write(
        &self,
        w: &mut dyn Write,
        slides: impl FnOnce(&mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()>,
    ) -> io::Result<()> {
        w.write_all(self.head.as_bytes())?;
        let mut i = 0;
        slides(&mut |svg| {
            w.write_all(slide(i, svg).as_bytes())?;
            i += 1;
            Ok(())
        })?;
        w.write_all(self.tail.as_bytes())
    }
}

/// A slide's section of the page: `svg` is its SVG document; `i` counts from 0.
fn slide(i: usize, svg: &str) -> String {
    format!(
        "<section class=\"slide\" aria-label=\"{}\">\n{svg}</section>\n",
        i + 1
    )
}

/// The page up to its slides: the document's head, its style, and the body's start.
fn head(d: &Dataset, lang: Lang, bg: &str, fg: &str) -> String {
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
         </style>\n</head>\n<body>\n",
        html_lang = if lang == Lang::En { "en" } else { "zh" },
        title = esc(&lang.pick(&d.plan.title)),
    )
}

/// The page after its slides: the plan and the source, and the document's end.
fn tail(d: &Dataset, lang: Lang) -> String {
    let title = lang.pick(&d.plan.title);
    let h = |w: Word| format!("<h2>{}</h2>\n", esc(&lang.word(w)));
    let plan = &d.plan;
    let mut body = String::new();
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
    body += "</ul>\n</section>\n</body>\n</html>\n";
    body
}
