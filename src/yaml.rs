//! A YAML tree with byte spans on every node, built from saphyr-parser's events.
//!
//! We build our own tree rather than deserialising: rules need the span of each key and value,
//! the scalar style (quoted or plain decides whether YAML 1.1 turns it into a date), duplicate
//! keys (lost by any map type), and aliases kept as references (so an alias bomb costs nothing).

use std::borrow::Cow;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

mod simple;

/// Nesting deeper than this is refused: front matter never needs it, and it bounds our work.
pub const MAX_DEPTH: usize = 128;
/// More nodes than this is refused for the same reason.
pub const MAX_NODES: usize = 200_000;

pub type NodeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl Style {
    pub fn is_quoted(self) -> bool {
        matches!(self, Style::SingleQuoted | Style::DoubleQuoted)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Scalar {
        value: String,
        style: Style,
    },
    Seq(Vec<NodeId>),
    /// Entries in source order, duplicates kept.
    Map(Vec<(NodeId, NodeId)>),
    /// Refers to the anchored node.
    Alias(NodeId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// Byte range in the text given to `parse` plus the base offset.
    pub span: Range<usize>,
    pub tag: Option<String>,
}

#[derive(Debug, PartialEq)]
pub struct Doc {
    pub nodes: Vec<Node>,
    pub root: Option<NodeId>,
}

#[derive(Debug, Clone)]
pub struct YamlError {
    /// Byte offset (with the base offset added) where the parser gave up.
    pub offset: usize,
    /// 1-based line and column (characters) as the parser counts them within the YAML text.
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub kind: YamlErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    UnknownAnchor,
    TooDeep,
    TooLarge,
}

/// Maps saphyr's character indices to byte offsets.
struct CharToByte {
    /// Byte offset of every character (only built when the text is not ASCII).
    offsets: Option<Vec<usize>>,
    len: usize,
}

impl CharToByte {
    fn new(text: &str) -> Self {
        let offsets = if text.is_ascii() {
            None
        } else {
            Some(text.char_indices().map(|(i, _)| i).collect())
        };
        CharToByte {
            offsets,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.offsets {
            None => char_index.min(self.len),
            Some(v) => v.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

/// Parses the first YAML document of `text`; spans are shifted by `base`.
pub fn parse(text: &str, base: usize) -> Result<Doc, YamlError> {
    // Most front matter is a few `key: value` lines: the same tree, several times faster.
    match simple::parse(text, base) {
        Some(doc) => Ok(doc),
        None => parse_general(text, base),
    }
}

/// `parse` with the general parser (saphyr-parser's events).
#[doc(hidden)]
pub fn parse_general(text: &str, base: usize) -> Result<Doc, YamlError> {
    let map = CharToByte::new(text);
    let mut nodes: Vec<Node> = Vec::new();
    let mut anchors: Vec<(usize, NodeId)> = Vec::new();
    // Open collections: (node id, pending map key).
    let mut stack: Vec<(NodeId, Option<NodeId>)> = Vec::new();
    let mut root = None;
    let mut docs = 0;

    let err = |e: &ScanError, kind: YamlErrorKind| {
        let m = e.marker();
        YamlError {
            offset: base + map.byte(m.index()),
            line: m.line(),
            col: m.col() + 1,
            message: e.info().to_string(),
            kind,
        }
    };

    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(x) => x,
            Err(e) => {
                let kind = if e.info().contains("unknown anchor") {
                    YamlErrorKind::UnknownAnchor
                } else {
                    YamlErrorKind::Syntax
                };
                return Err(err(&e, kind));
            }
        };
        let range = base + map.byte(span.start.index())..base + map.byte(span.end.index());
        let limit_err = |kind: YamlErrorKind, message: &str| YamlError {
            offset: range.start,
            line: span.start.line(),
            col: span.start.col() + 1,
            message: message.to_string(),
            kind,
        };
        let new_node = match event {
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    break;
                }
                continue;
            }
            Event::DocumentEnd => break,
            Event::StreamStart | Event::StreamEnd | Event::Nothing => continue,
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((id, _)) = stack.pop() {
                    nodes[id].span.end = range.end.max(nodes[id].span.start);
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                (
                    Kind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    anchor,
                    tag_string(tag),
                    false,
                )
            }
            Event::SequenceStart(anchor, tag) => {
                (Kind::Seq(Vec::new()), anchor, tag_string(tag), true)
            }
            Event::MappingStart(anchor, tag) => {
                (Kind::Map(Vec::new()), anchor, tag_string(tag), true)
            }
            Event::Alias(anchor) => {
                let target = anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == anchor)
                    .map(|(_, id)| *id);
                match target {
                    Some(t) => (Kind::Alias(t), 0, None, false),
                    None => {
                        return Err(limit_err(
                            YamlErrorKind::UnknownAnchor,
                            "alias refers to an unknown anchor",
                        ))
                    }
                }
            }
        };
        let (kind, anchor, tag, opens) = new_node;
        if nodes.len() >= MAX_NODES {
            return Err(limit_err(YamlErrorKind::TooLarge, "too many YAML nodes"));
        }
        let id = nodes.len();
        nodes.push(Node {
            kind,
            span: range.clone(),
            tag,
        });
        if anchor != 0 {
            anchors.push((anchor, id));
        }
        attach(&mut nodes, &mut stack, &mut root, id);
        if opens {
            if stack.len() >= MAX_DEPTH {
                return Err(limit_err(YamlErrorKind::TooDeep, "YAML nested too deeply"));
            }
            stack.push((id, None));
        }
    }
    Ok(Doc { nodes, root })
}

fn attach(
    nodes: &mut [Node],
    stack: &mut [(NodeId, Option<NodeId>)],
    root: &mut Option<NodeId>,
    id: NodeId,
) {
    let Some((parent, pending)) = stack.last_mut() else {
        if root.is_none() {
            *root = Some(id);
        }
        return;
    };
    match &mut nodes[*parent].kind {
        Kind::Seq(items) => items.push(id),
        Kind::Map(entries) => match pending.take() {
            None => *pending = Some(id),
            Some(key) => entries.push((key, id)),
        },
        _ => {}
    }
}

fn tag_string(tag: Option<Cow<'_, saphyr_parser::Tag>>) -> Option<String> {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
}

impl Doc {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Follows aliases (bounded: an alias always points at an earlier node).
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Kind::Alias(t) = self.nodes[id].kind {
            if t >= id {
                break;
            }
            id = t;
        }
        id
    }

    pub fn root_map(&self) -> Option<&[(NodeId, NodeId)]> {
        match &self.nodes[self.root?].kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn scalar(&self, id: NodeId) -> Option<(&str, Style)> {
        match &self.nodes[self.resolve(id)].kind {
            Kind::Scalar { value, style } => Some((value, *style)),
            _ => None,
        }
    }

    /// Top-level entries as (key text, key node, value node), in source order, duplicates kept.
    pub fn entries(&self) -> impl Iterator<Item = (&str, NodeId, NodeId)> + '_ {
        self.root_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|&(k, v)| self.scalar(k).map(|(key, _)| (key, k, v)))
    }

    /// The value Jekyll sees for a top-level key: the last one wins, as in Ruby's Hash.
    pub fn get(&self, key: &str) -> Option<NodeId> {
        // From the end, so the first match is the one: a dozen lookups per post, most of a key
        // that is absent, where the scan of `entries` was a visible cost.
        self.root_map()?
            .iter()
            .rev()
            .find_map(|&(k, v)| match &self.nodes[k].kind {
                // Length and first byte before the whole compare: keys are short and most differ
                // there, and the compare is a call.
                Kind::Scalar { value, .. } => (value.len() == key.len()
                    && value.as_bytes().first() == key.as_bytes().first()
                    && value == key)
                    .then_some(v),
                Kind::Alias(_) => (self.scalar(k)?.0 == key).then_some(v),
                _ => None,
            })
    }

    /// What YAML 1.1 (Psych) makes of a node, timestamps aside (the date module handles those).
    pub fn value_type(&self, id: NodeId) -> ValueType {
        let node = &self.nodes[self.resolve(id)];
        match &node.kind {
            Kind::Seq(_) => ValueType::Seq,
            Kind::Map(_) => ValueType::Map,
            Kind::Alias(_) => ValueType::Str,
            Kind::Scalar { value, style } => {
                if node.tag.is_some() || *style != Style::Plain {
                    return ValueType::Str;
                }
                plain_type(value)
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Null,
    Bool(bool),
    Int,
    Float,
    /// A plain scalar Ruby would load as a Symbol, which Jekyll's safe loader refuses.
    Symbol,
    Str,
    Seq,
    Map,
}

impl ValueType {
    pub fn describe(self) -> &'static str {
        match self {
            ValueType::Null => "null (no value)",
            ValueType::Bool(true) => "the boolean true",
            ValueType::Bool(false) => "the boolean false",
            ValueType::Int => "a number",
            ValueType::Float => "a number",
            ValueType::Symbol => "a Ruby symbol",
            ValueType::Str => "a string",
            ValueType::Seq => "a list",
            ValueType::Map => "a mapping",
        }
    }
}

/// Psych's YAML 1.1 scalar resolution for plain scalars (see psych/scalar_scanner.rb).
pub fn plain_type(s: &str) -> ValueType {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return ValueType::Null,
        _ => {}
    }
    // The words are at most 5 bytes: lower-cased on the stack (this runs for every scalar).
    if s.len() <= 5 {
        let mut lower = [0u8; 5];
        lower[..s.len()].copy_from_slice(s.as_bytes());
        lower.make_ascii_lowercase();
        match &lower[..s.len()] {
            b"yes" | b"true" | b"on" => return ValueType::Bool(true),
            b"no" | b"false" | b"off" => return ValueType::Bool(false),
            b".inf" | b"-.inf" | b"+.inf" | b".nan" => return ValueType::Float,
            _ => {}
        }
    }
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b':' {
        return ValueType::Symbol;
    }
    // After its sign, an int starts with a digit and a float with a digit, `.`, `_` or `,`:
    // most scalars (titles, names) are neither, which one byte tells.
    let first = strip_sign(s).as_bytes().first();
    if !first.is_some_and(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'_' | b',')) {
        return ValueType::Str;
    }
    if is_int(s) {
        return ValueType::Int;
    }
    if is_float(s) {
        return ValueType::Float;
    }
    ValueType::Str
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['+', '-']).unwrap_or(s)
}

fn is_int(s: &str) -> bool {
    let t = strip_sign(s);
    if t.is_empty() {
        return false;
    }
    let all = |t: &str, f: fn(u8) -> bool| {
        !t.is_empty() && t.bytes().all(|c| c == b'_' || f(c)) && t.bytes().any(f)
    };
    if let Some(r) = t.strip_prefix("0b") {
        return all(r, |c| c == b'0' || c == b'1');
    }
    if let Some(r) = t.strip_prefix("0x") {
        return all(r, |c| c.is_ascii_hexdigit());
    }
    // Sexagesimal (base 60), e.g. `10:30` is the integer 630 in YAML 1.1.
    // The head is checked first: a date and time (`2022-01-01 10:00`) fails there.
    if let Some(colon) = memchr::memchr(b':', t.as_bytes()) {
        let head = &t.as_bytes()[..colon];
        if !head.first().is_some_and(u8::is_ascii_digit)
            || !head.iter().all(|&c| c.is_ascii_digit() || c == b'_')
        {
            return false;
        }
        let mut parts = 0;
        for p in t[colon + 1..].split(':') {
            parts += 1;
            let ok = (1..=2).contains(&p.len())
                && p.bytes().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || p.as_bytes()[0] <= b'5');
            if parts > 2 || !ok {
                return false;
            }
        }
        return true;
    }
    // Octal `0[0-7_,]+`; decimal `0` or `[1-9]` then digits (commas allowed by Psych's legacy rule).
    let b = t.as_bytes();
    if b[0] == b'0' {
        return b.len() == 1
            || b[1..]
                .iter()
                .all(|&c| (b'0'..=b'7').contains(&c) || c == b'_' || c == b',');
    }
    b[0].is_ascii_digit()
        && b.iter()
            .all(|&c| c.is_ascii_digit() || c == b'_' || c == b',')
        && !t.ends_with(',')
}

fn is_float(s: &str) -> bool {
    let t = strip_sign(s);
    let (mantissa, exp) = match memchr::memchr2(b'e', b'E', t.as_bytes()) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let Some(dot) = memchr::memchr(b'.', mantissa.as_bytes()) else {
        return false;
    };
    let (int, frac) = (&mantissa[..dot], &mantissa[dot + 1..]);
    let digits = |x: &str| {
        x.bytes()
            .all(|c| c.is_ascii_digit() || c == b'_' || c == b',')
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = strip_sign(e);
            !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
        }
    };
    (!int.is_empty() || !frac.is_empty())
        && digits(int)
        && frac.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        && exp_ok
}

impl Doc {
    /// Converts a node to JSON for reading configuration; aliases are followed, with a budget
    /// on the number of nodes produced so that an alias bomb cannot blow up.
    pub fn to_json(&self, id: NodeId) -> serde_json::Value {
        let mut budget = 100_000usize;
        self.to_json_inner(id, 0, &mut budget)
    }

    fn to_json_inner(&self, id: NodeId, depth: usize, budget: &mut usize) -> serde_json::Value {
        use serde_json::Value;
        if depth > MAX_DEPTH || *budget == 0 {
            return Value::Null;
        }
        *budget -= 1;
        let id = self.resolve(id);
        match &self.nodes[id].kind {
            Kind::Scalar { value, style } => {
                if *style != Style::Plain || self.nodes[id].tag.is_some() {
                    return Value::String(value.clone());
                }
                match plain_type(value) {
                    ValueType::Null => Value::Null,
                    ValueType::Bool(b) => Value::Bool(b),
                    ValueType::Int => value
                        .replace('_', "")
                        .parse::<i64>()
                        .map_or_else(|_| Value::String(value.clone()), Value::from),
                    ValueType::Float => value
                        .parse::<f64>()
                        .map_or_else(|_| Value::String(value.clone()), Value::from),
                    _ => Value::String(value.clone()),
                }
            }
            Kind::Seq(items) => Value::Array(
                items
                    .iter()
                    .map(|&i| self.to_json_inner(i, depth + 1, budget))
                    .collect(),
            ),
            Kind::Map(entries) => {
                let mut m = serde_json::Map::new();
                for &(k, v) in entries {
                    let key = match self.scalar(k) {
                        Some((s, _)) => s.to_string(),
                        None => continue,
                    };
                    m.insert(key, self.to_json_inner(v, depth + 1, budget));
                }
                Value::Object(m)
            }
            Kind::Alias(_) => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `get` is the last of the matching `entries` (as it was written), for every key of every
    /// front matter in the shared corpus and oracle, absent keys, duplicates and alias keys.
    #[test]
    fn get_is_the_last_matching_entry() {
        let shared = crate::test_support::shared();
        let mut texts: Vec<String> = vec![
            "a: 1\nb: 2\na: 3\n".into(),
            "&k a: 1\n*k : 2\nb: 3\n".into(),
            "? [x]\n: 1\nx: 2\n".into(),
            "- a\n- b\n".into(),
        ];
        for p in crate::test_support::files_under(&shared.join("corpus"))
            .into_iter()
            .chain(crate::test_support::files_under(&shared.join("oracle")))
        {
            if let Ok(t) = std::fs::read_to_string(&p) {
                if let crate::front_matter::Split::Found(f) = crate::front_matter::split(&t, 0) {
                    texts.push(t[f.yaml.clone()].to_string());
                }
            }
        }
        let mut checked = 0;
        for t in &texts {
            let Ok(doc) = parse(t, 0) else { continue };
            let keys: Vec<String> = doc.entries().map(|(k, _, _)| k.to_string()).collect();
            for key in keys
                .iter()
                .map(String::as_str)
                .chain(["", "absent", "date "])
            {
                let want = doc
                    .entries()
                    .filter(|(k, _, _)| *k == key)
                    .map(|(_, _, v)| v)
                    .last();
                assert_eq!(doc.get(key), want, "{key:?} in {t:?}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn spans_are_bytes_with_base() {
        let text = "---\ntitle: \"漯河\"\ndate: 2022-02-23\n";
        let doc = parse(text, 10).unwrap();
        let v = doc.get("title").unwrap();
        let span = doc.node(v).span.clone();
        assert_eq!(&text[span.start - 10..span.end - 10], "\"漯河\"");
        let d = doc.get("date").unwrap();
        let span = doc.node(d).span.clone();
        assert_eq!(&text[span.start - 10..span.end - 10], "2022-02-23");
    }

    #[test]
    fn duplicates_kept_last_wins() {
        let doc = parse("a: 1\na: 2\n", 0).unwrap();
        assert_eq!(doc.entries().filter(|e| e.0 == "a").count(), 2);
        assert_eq!(doc.scalar(doc.get("a").unwrap()).unwrap().0, "2");
    }

    /// `front-matter/unsafe-value` types only the scalars that start with `:`: every symbol
    /// does, whatever follows.
    #[test]
    fn every_symbol_starts_with_a_colon() {
        let pieces = [
            ":", "a", "1", ".", "-", "+", "_", ",", "~", "n", "o", "inf", " ", "é", "0x",
        ];
        let mut symbols = 0;
        for s in crate::test_support::strings_over(&pieces, 4) {
            if plain_type(&s) == ValueType::Symbol {
                assert!(s.starts_with(':'), "{s:?}");
                symbols += 1;
            }
        }
        assert!(symbols > 1_000, "{symbols}");
    }

    #[test]
    fn yaml_1_1_types() {
        assert_eq!(plain_type("no"), ValueType::Bool(false));
        assert_eq!(plain_type("On"), ValueType::Bool(true));
        assert_eq!(plain_type("10:30"), ValueType::Int);
        assert_eq!(plain_type("1645575807"), ValueType::Int);
        assert_eq!(plain_type("1.5"), ValueType::Float);
        assert_eq!(plain_type(":smile:"), ValueType::Symbol);
        assert_eq!(plain_type("时间:08:00"), ValueType::Str);
        // What the first byte lets through, and what it does not.
        assert_eq!(plain_type("+.5"), ValueType::Float);
        assert_eq!(plain_type("-_1.0"), ValueType::Float);
        assert_eq!(plain_type(",5.0"), ValueType::Float);
        assert_eq!(plain_type("-0x1f"), ValueType::Int);
        assert_eq!(plain_type("e.5"), ValueType::Str);
        assert_eq!(plain_type("x10:30"), ValueType::Str);
        assert_eq!(plain_type("+"), ValueType::Str);
        assert_eq!(plain_type("1:2:3"), ValueType::Int);
        assert_eq!(plain_type("1_0:59"), ValueType::Int);
        for s in [
            "1:2:3:4",
            "1:60",
            "1:",
            "1::2",
            "2022-01-01 10:00",
            "1:2x",
            "1.5e",
            "1.5e+",
        ] {
            assert_eq!(plain_type(s), ValueType::Str, "{s}");
        }
        assert_eq!(plain_type("1.5e-3"), ValueType::Float);
        assert_eq!(plain_type("1.5E3"), ValueType::Float);
        assert_eq!(plain_type("2022-02-23"), ValueType::Str);
        assert_eq!(plain_type("+0800"), ValueType::Str);
        assert_eq!(plain_type("0755"), ValueType::Int);
        assert_eq!(plain_type("+8"), ValueType::Int);
    }

    #[test]
    fn alias_bomb_is_cheap_and_unknown_alias_errors() {
        let mut s = String::from("a: &a [x, x]\n");
        for i in 0..30 {
            s.push_str(&format!(
                "b{i}: &b{i} [*{p}, *{p}]\n",
                p = if i == 0 {
                    "a".to_string()
                } else {
                    format!("b{}", i - 1)
                }
            ));
        }
        let doc = parse(&s, 0).unwrap();
        assert!(doc.nodes.len() < 200);
        let e = parse("a: *nope\n", 0).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::UnknownAnchor);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(100_000);
        let e = parse(&s, 0).unwrap_err();
        assert!(matches!(
            e.kind,
            YamlErrorKind::TooDeep | YamlErrorKind::Syntax
        ));
    }

    #[test]
    fn syntax_error_position_is_real() {
        let text = "---\nlayout: post\ntitle: \"他说\"你好\"吧\"\n";
        let e = parse(text, 0).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Syntax);
        assert!(e.line >= 3, "{e:?}");
    }
}
