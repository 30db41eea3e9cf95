//! Every fact in the shipped dataset must be traceable, word for word, to the source article.

use gongshu::dataset::{self, Area, IndustryRole};

const ARTICLE: &str = include_str!("../source_article.txt");

fn in_article(what: &str, s: &str) {
    assert!(
        ARTICLE.contains(s),
        "{what}: {s:?} is not in the source article"
    );
}

#[test]
fn platform_names_text_and_industries_come_from_the_article() {
    let d = dataset::embedded();
    for p in &d.platforms {
        for n in p.all_names() {
            in_article(&p.id, &n.zh);
        }
        in_article(
            &p.id,
            &format!("{}\n规划范围:{}", p.name.zh, p.area_text.zh),
        );
        in_article(&p.id, &format!("重点产业:{}", p.industries_text.zh));
        for i in &p.industries {
            assert!(
                p.industries_text.zh.contains(i.zh.as_str()),
                "{}: industry {} not in its text",
                p.id,
                i.zh
            );
        }
        // The kind shown is the article's word (in the name, or written out where it differs), or
        // it says it is this dataset's classification.
        match &p.kind_as_written {
            Some(k) => assert!(
                p.area_text.zh.contains(k.zh.as_str())
                    || p.industries_text.zh.contains(k.zh.as_str()),
                "{}: the article does not call it a {}",
                p.id,
                k.zh
            ),
            None if p.name.zh.ends_with(p.kind.name().zh.as_str()) => {}
            None => {
                let i = d.platforms.iter().position(|q| q.id == p.id).unwrap();
                let facts = gongshu::sheet::sheet(&d, i).facts_line(gongshu::lang::Lang::Both);
                assert!(
                    !p.kind_is_written()
                        && facts.contains("本数据集归类")
                        && facts.contains("dataset's classification"),
                    "{}: the article does not call it a {}, and the sheet does not say so: {facts}",
                    p.id,
                    p.kind.name().zh
                );
            }
        }
        for i in &p.industries {
            role_is_in_the_text(&p.id, &p.industries_text.zh, &i.zh, i.role);
        }
        match &p.area {
            Area::Bounded { .. } => {
                for name in p.area.boundary_names() {
                    assert!(
                        p.area_text.zh.contains(name.as_str()),
                        "{}: {name} not in its area text",
                        p.id
                    );
                }
            }
            Area::Located => {}
        }
    }
}

/// An item's role is what the paragraph's wording makes of it.
fn role_is_in_the_text(id: &str, text: &str, zh: &str, role: IndustryRole) {
    let theme = [
        format!("以{zh}为引领"),
        format!("以{zh}引领"),
        format!("“{zh}”作为产业发展的新能量"),
    ];
    let basis = format!("依托{zh}");
    let says = |marks: &[String]| marks.iter().any(|m| text.contains(m.as_str()));
    let ok = match role {
        IndustryRole::Theme => says(&theme),
        IndustryRole::Basis => text.contains(&basis),
        IndustryRole::Project => text
            .split('。')
            .any(|s| s.contains("重点培育") && s.contains(zh) && s.ends_with("高端项目")),
        IndustryRole::Positioning => text
            .split_once("”的定位")
            .and_then(|(before, _)| before.rsplit_once('“'))
            .is_some_and(|(_, quoted)| quoted.contains(zh)),
        IndustryRole::Key => !says(&theme) && !text.contains(&basis),
    };
    assert!(ok, "{id}: {zh} is not a {role:?} item in {text}");
}

#[test]
fn the_platforms_follow_the_articles_order() {
    let d = dataset::embedded();
    let section = &ARTICLE[ARTICLE.find("十大产业平台介绍").unwrap()..];
    let mut last = 0;
    for p in &d.platforms {
        let at = section
            .find(&format!("\n{}\n", p.name.zh))
            .unwrap_or_else(|| panic!("{} is not a heading", p.name.zh));
        assert!(at > last, "{} is out of order", p.name.zh);
        last = at;
    }
}

#[test]
fn the_plan_and_source_come_from_the_article() {
    let d = dataset::embedded();
    in_article(
        "requirements",
        &format!("总体要求\n{}", d.plan.requirements.zh),
    );
    in_article("target", &format!("总体目标:{}", d.plan.target.zh));
    assert!(
        d.plan
            .requirements
            .zh
            .contains(&format!("“{}”", d.plan.focus))
    );
    for t in &d.plan.sub_targets {
        in_article("sub-target", &format!("——{}。{}", t.title.zh, t.text.zh));
    }
    for m in &d.plan.measures {
        in_article("measure", &format!("{}:{}", m.title.zh, m.text.zh));
    }
    in_article("plan title", &format!("《{}》", d.plan.title.zh));
    in_article("title", &d.source.title.zh);
    in_article("reporter", &format!("记者:{}", d.source.reporter.zh));
    // A year the article does not print is marked inferred.
    assert!(
        ARTICLE.contains(&format!("{}年", d.source.year)) || d.source.year_inferred,
        "the article does not print {}: mark it year_inferred",
        d.source.year
    );
    for h in &d.source.related {
        in_article("related", &format!("·{}({})", h.title.zh, h.date));
    }
}
