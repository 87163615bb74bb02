use crate::post::Encoding;
use crate::rules::{Ctx, Rule};

pub static RULE: Rule = Rule {
    doc: include_str!("../../../rules/encoding/not-utf8.md"),
    check,
};

fn check(cx: &mut Ctx<'_>) {
    let Encoding::Other { name, bom } = cx.post.encoding else {
        return;
    };
    let how = if bom {
        " (it starts with a UTF-16 byte order mark)"
    } else {
        ""
    };
    let file = cx.post.display.display().to_string();
    cx.report(0..0, format!("the whole file is encoded in {name}, not UTF-8{how}: Jekyll cannot read it and drops the post"))
        .help(format!("convert it to UTF-8, e.g. `iconv -f {} -t UTF-8 '{file}' > tmp && mv tmp '{file}'`", if name == "GBK" { "GB18030" } else { name }));
}
