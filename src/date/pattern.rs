//! A small backtracking regular-expression engine.
//!
//! Ruby's `Date._parse` is a chain of Onigmo regular expressions whose exact
//! leftmost-first, greedy, backtracking behaviour decides which digits become
//! the day and which the month. Transcribing those patterns verbatim into
//! this engine is far less error-prone than hand-writing each matcher. Only
//! the syntax those patterns use is supported. Matching runs on an explicit
//! stack (no recursion) and under a step budget, so no input can make it
//! loop or overflow.

/// Zero-width assertions used by the patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Assertion {
    /// `\A`
    TextStart,
    /// `\z`
    TextEnd,
    /// `\b`
    WordBoundary,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ClassItem {
    Range(char, char),
    Digit,
    NotDigit,
    Space,
    NotSpace,
    Alpha,
    Alnum,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Debug)]
enum Node {
    Char(char),
    Class(Class),
    Assert(Assertion),
    Group(Option<usize>, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Class(Class),
    Assert(Assertion),
    /// Try the first target, backtrack to the second.
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Match,
}

/// A compiled pattern.
#[derive(Debug)]
pub(crate) struct Regex {
    prog: Vec<Inst>,
    slots: usize,
    icase: bool,
}

/// Capture positions (char indices) of one successful match.
#[derive(Debug, Clone)]
pub(crate) struct Captures {
    slots: Vec<Option<usize>>,
}

impl Captures {
    /// Number of groups including group 0.
    pub(crate) fn group_count(&self) -> usize {
        self.slots.len() / 2
    }

    /// The char range of group `i` (0 = whole match), if it took part.
    pub(crate) fn get(&self, i: usize) -> Option<(usize, usize)> {
        let start = (*self.slots.get(2 * i)?)?;
        let end = (*self.slots.get(2 * i + 1)?)?;
        (start <= end).then_some((start, end))
    }
}

// Ruby's `\d`, `\s` and `\w` are ASCII-only; POSIX brackets are Unicode.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Class {
    fn matches(&self, c: char, icase: bool) -> bool {
        let hit = |c: char| {
            self.items.iter().any(|item| match *item {
                ClassItem::Range(lo, hi) => lo <= c && c <= hi,
                ClassItem::Digit => is_digit(c),
                ClassItem::NotDigit => !is_digit(c),
                ClassItem::Space => is_space(c),
                ClassItem::NotSpace => !is_space(c),
                ClassItem::Alpha => c.is_alphabetic(),
                ClassItem::Alnum => c.is_alphanumeric(),
            })
        };
        let found =
            hit(c) || (icase && (hit(c.to_ascii_lowercase()) || hit(c.to_ascii_uppercase())));
        found != self.negated
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    groups: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    fn alt(&mut self) -> Result<Node, String> {
        let mut alts = vec![self.seq()?];
        while self.eat('|') {
            alts.push(self.seq()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alts)
        })
    }

    fn seq(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.checked_mul(10)?.checked_add(d)?;
            self.pos += 1;
        }
        (self.pos > start).then_some(n)
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.pos += 1;
                let min = self.number().ok_or("bad {")?;
                let max = if self.eat(',') {
                    self.number()
                } else {
                    Some(min)
                };
                if !self.eat('}') {
                    return Err("unclosed {".into());
                }
                return Ok(Node::Repeat {
                    node: Box::new(atom),
                    min,
                    max,
                });
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end")?;
        self.pos += 1;
        match c {
            '(' => {
                let index = if self.starts_with("?:") {
                    self.pos += 2;
                    None
                } else if self.starts_with("?-i:") {
                    // Only letters' case changes inside; the patterns use it
                    // around [[:alpha:]], which is case-blind anyway.
                    self.pos += 4;
                    None
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alt()?;
                if !self.eat(')') {
                    return Err("unclosed (".into());
                }
                Ok(Node::Group(index, Box::new(inner)))
            }
            '[' => self.class().map(Node::Class),
            '\\' => self.escape(),
            '.' => Err("bare . unsupported".into()),
            _ => Ok(Node::Char(c)),
        }
    }

    fn escape(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("dangling \\")?;
        self.pos += 1;
        let class = |item| {
            Node::Class(Class {
                negated: false,
                items: vec![item],
            })
        };
        Ok(match c {
            'd' => class(ClassItem::Digit),
            'D' => class(ClassItem::NotDigit),
            's' => class(ClassItem::Space),
            'S' => class(ClassItem::NotSpace),
            'A' => Node::Assert(Assertion::TextStart),
            'z' => Node::Assert(Assertion::TextEnd),
            'b' => Node::Assert(Assertion::WordBoundary),
            other if other.is_ascii_alphanumeric() => {
                return Err(format!("unsupported escape \\{other}"))
            }
            other => Node::Char(other),
        })
    }

    fn class(&mut self) -> Result<Class, String> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or("unclosed [")?;
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            if self.starts_with("[:alpha:]") {
                self.pos += 9;
                items.push(ClassItem::Alpha);
                continue;
            }
            if self.starts_with("[:alnum:]") {
                self.pos += 9;
                items.push(ClassItem::Alnum);
                continue;
            }
            self.pos += 1;
            let lo = if c == '\\' {
                let e = self.peek().ok_or("dangling \\ in class")?;
                self.pos += 1;
                match e {
                    'd' => {
                        items.push(ClassItem::Digit);
                        continue;
                    }
                    's' => {
                        items.push(ClassItem::Space);
                        continue;
                    }
                    other if other.is_ascii_alphanumeric() => {
                        return Err(format!("unsupported class escape \\{other}"))
                    }
                    other => other,
                }
            } else {
                c
            };
            // A range needs a '-' that is neither first nor last.
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let hi = self.peek().ok_or("bad range")?;
                self.pos += 1;
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Ok(Class { negated, items })
    }
}

struct Compiler {
    prog: Vec<Inst>,
}

impl Compiler {
    fn emit(&mut self, node: &Node) {
        match node {
            Node::Char(c) => self.prog.push(Inst::Char(*c)),
            Node::Class(class) => self.prog.push(Inst::Class(class.clone())),
            Node::Assert(a) => self.prog.push(Inst::Assert(*a)),
            Node::Group(index, inner) => {
                if let Some(i) = index {
                    self.prog.push(Inst::Save(2 * i));
                    self.emit(inner);
                    self.prog.push(Inst::Save(2 * i + 1));
                } else {
                    self.emit(inner);
                }
            }
            Node::Concat(items) => items.iter().for_each(|n| self.emit(n)),
            Node::Alt(alts) => {
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = self.prog.len();
                        self.prog.push(Inst::Split(split + 1, 0));
                        self.emit(alt);
                        jumps.push(self.prog.len());
                        self.prog.push(Inst::Jmp(0));
                        let next = self.prog.len();
                        self.prog[split] = Inst::Split(split + 1, next);
                    } else {
                        self.emit(alt);
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat { node, min, max } => {
                for _ in 0..*min {
                    self.emit(node);
                }
                match max {
                    None => {
                        let top = self.prog.len();
                        self.prog.push(Inst::Split(top + 1, 0));
                        self.emit(node);
                        self.prog.push(Inst::Jmp(top));
                        let end = self.prog.len();
                        self.prog[top] = Inst::Split(top + 1, end);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.prog.len());
                            self.prog.push(Inst::Split(0, 0));
                            self.emit(node);
                        }
                        let end = self.prog.len();
                        for s in splits {
                            self.prog[s] = Inst::Split(s + 1, end);
                        }
                    }
                }
            }
        }
    }
}

/// Total instructions one search may execute; far above what the patterns
/// need on Date._parse's 128-byte inputs, it only guards against surprises.
const STEP_BUDGET: usize = 4_000_000;

enum Frame {
    Try { pc: usize, pos: usize },
    Restore { slot: usize, old: Option<usize> },
}

impl Regex {
    /// Compiles `pattern`; `icase` is Onigmo's IGNORECASE (ASCII folding).
    pub(crate) fn new(pattern: &str, icase: bool) -> Result<Regex, String> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            pos: 0,
            groups: 0,
        };
        let ast = parser.alt()?;
        if parser.pos != parser.chars.len() {
            return Err(format!("trailing input at {}", parser.pos));
        }
        let mut compiler = Compiler {
            prog: vec![Inst::Save(0)],
        };
        compiler.emit(&ast);
        compiler.prog.push(Inst::Save(1));
        compiler.prog.push(Inst::Match);
        Ok(Regex {
            prog: compiler.prog,
            slots: 2 * (parser.groups + 1),
            icase,
        })
    }

    fn assert_ok(a: Assertion, text: &[char], pos: usize) -> bool {
        match a {
            Assertion::TextStart => pos == 0,
            Assertion::TextEnd => pos == text.len(),
            Assertion::WordBoundary => {
                let before = pos
                    .checked_sub(1)
                    .and_then(|p| text.get(p))
                    .is_some_and(|&c| is_word(c));
                let after = text.get(pos).is_some_and(|&c| is_word(c));
                before != after
            }
        }
    }

    /// One anchored attempt at `start`. `slots` and `stack` are scratch
    /// space the caller reuses across start positions (allocating them per
    /// position dominated the cost of a failed search).
    fn exec_at(
        &self,
        text: &[char],
        start: usize,
        budget: &mut usize,
        slots: &mut Vec<Option<usize>>,
        stack: &mut Vec<Frame>,
    ) -> Option<Captures> {
        slots.clear();
        slots.resize(self.slots, None);
        stack.clear();
        stack.push(Frame::Try { pc: 0, pos: start });
        while let Some(frame) = stack.pop() {
            let (mut pc, mut pos) = match frame {
                Frame::Restore { slot, old } => {
                    if let Some(s) = slots.get_mut(slot) {
                        *s = old;
                    }
                    continue;
                }
                Frame::Try { pc, pos } => (pc, pos),
            };
            loop {
                *budget = budget.checked_sub(1)?;
                let Some(inst) = self.prog.get(pc) else {
                    break;
                };
                match inst {
                    Inst::Char(c) => match text.get(pos) {
                        Some(&t) if t == *c || (self.icase && t.eq_ignore_ascii_case(c)) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Class(class) => match text.get(pos) {
                        Some(&t) if class.matches(t, self.icase) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Assert(a) => {
                        if Self::assert_ok(*a, text, pos) {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Split(first, second) => {
                        stack.push(Frame::Try { pc: *second, pos });
                        pc = *first;
                    }
                    Inst::Jmp(target) => pc = *target,
                    Inst::Save(slot) => {
                        if let Some(s) = slots.get_mut(*slot) {
                            stack.push(Frame::Restore {
                                slot: *slot,
                                old: *s,
                            });
                            *s = Some(pos);
                        }
                        pc += 1;
                    }
                    Inst::Match => {
                        return Some(Captures {
                            slots: std::mem::take(slots),
                        })
                    }
                }
            }
        }
        None
    }

    /// The leftmost match, preferring earlier alternatives and longer
    /// repetitions exactly like Onigmo does.
    pub(crate) fn find(&self, text: &[char]) -> Option<Captures> {
        let mut budget = STEP_BUDGET;
        let (mut slots, mut stack) = (Vec::new(), Vec::new());
        (0..=text.len())
            .find_map(|start| self.exec_at(text, start, &mut budget, &mut slots, &mut stack))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(re: &str, icase: bool, text: &str) -> Option<Vec<Option<String>>> {
        let re = Regex::new(re, icase).expect("pattern compiles");
        let chars: Vec<char> = text.chars().collect();
        let caps = re.find(&chars)?;
        Some(
            (0..re.slots / 2)
                .map(|i| caps.get(i).map(|(s, e)| chars[s..e].iter().collect()))
                .collect(),
        )
    }

    #[test]
    fn greedy_and_backtracking() {
        let g = groups(r"(\d+)(\d{2})", false, "x12345").expect("match");
        assert_eq!(g[1].as_deref(), Some("123"));
        assert_eq!(g[2].as_deref(), Some("45"));
    }

    #[test]
    fn leftmost_alternation_and_optional_groups() {
        let g = groups(r"(a|ab)(c)?", false, "zabc").expect("match");
        assert_eq!(g[0].as_deref(), Some("a"));
        assert_eq!(g[2], None);
    }

    #[test]
    fn classes_case_and_boundaries() {
        assert!(groups(r"\b(jan|feb)[^-\d\s']*", true, "1 FEBRUARY").is_some());
        assert!(groups(r"\bfeb", true, "xfeb").is_none());
        assert!(groups(r"[^-+',./:@[:alnum:]\[\]]+", false, "未知").is_none());
        assert!(groups(r"[[:alpha:]]+", false, "未知").is_some());
        assert!(groups(r"\A\s*(\d{1,2})\s*\z", false, " 7 ").is_some());
        assert!(groups(r"\A\s*(\d{1,2})\s*\z", false, " 7 x").is_none());
    }

    #[test]
    fn empty_group_differs_from_missing_group() {
        let g = groups(r"(\d+)(?:[,.](\d*))?", false, "12.").expect("match");
        assert_eq!(g[2].as_deref(), Some(""));
        let g = groups(r"(\d+)(?:[,.](\d*))?", false, "12").expect("match");
        assert_eq!(g[2], None);
    }

    #[test]
    fn bad_patterns_are_errors_not_panics() {
        for p in ["(", "[a", "a{2", "\\q", "a)"] {
            assert!(Regex::new(p, false).is_err(), "{p}");
        }
    }
}
