//! The Python literals a `.npy` header is written in (NumPy reads it with
//! `ast.literal_eval`): strings, integers, `True`/`False`, tuples, lists and
//! dicts. The parser takes the header as hostile input: every step is bounded
//! by the header's length, nesting deeper than [`MAX_DEPTH`] is refused rather
//! than recursed into, and integers that do not fit are errors, not wraps.

use std::fmt;

/// How deep tuples, lists and dicts may nest (each level of records nested
/// in records takes two: a list of field tuples).
pub(crate) const MAX_DEPTH: usize = 64;

/// A parsed literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lit {
    Str(String),
    /// An integer, in the range of `i128` (a shape's entries are checked
    /// against `usize` by the reader).
    Int(i128),
    Bool(bool),
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
}

impl fmt::Display for Lit {
    /// The literal as Python's `repr` writes it (the form error messages quote).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = |f: &mut fmt::Formatter<'_>, items: &[Lit]| -> fmt::Result {
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        };
        match self {
            Lit::Str(s) => f.write_str(&crate::record::quote(s)),
            Lit::Int(n) => write!(f, "{n}"),
            Lit::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Lit::Tuple(items) => {
                f.write_str("(")?;
                seq(f, items)?;
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            Lit::List(items) => {
                f.write_str("[")?;
                seq(f, items)?;
                f.write_str("]")
            }
            Lit::Dict(items) => {
                f.write_str("{")?;
                for (k, (key, value)) in items.iter().enumerate() {
                    if k > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{key}: {value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A syntax error: what was expected, at which character of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) at: usize,
    pub(crate) message: String,
}

/// Parses one literal that makes up the whole of `text` (surrounding
/// whitespace aside).
pub(crate) fn parse(text: &str) -> Result<Lit, SyntaxError> {
    let mut p = Parser {
        chars: text.char_indices().collect(),
        pos: 0,
    };
    let value = p.value(0)?;
    p.skip_space();
    if let Some(&(at, c)) = p.chars.get(p.pos) {
        return Err(SyntaxError {
            at,
            message: format!("unexpected `{c}` after the literal"),
        });
    }
    Ok(value)
}

struct Parser {
    chars: Vec<(usize, char)>,
    pos: usize,
}

impl Parser {
    /// Python's whitespace between tokens: space, tab, form feed and line
    /// ends (not the wider Unicode set: NumPy refuses a header with those).
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\x0c' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|&(_, c)| c)
    }

    /// The byte position of the current character (the end for none).
    fn at(&self) -> usize {
        self.chars.get(self.pos).map_or_else(
            || self.chars.last().map_or(0, |&(i, c)| i + c.len_utf8()),
            |&(i, _)| i,
        )
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            at: self.at(),
            message: message.into(),
        })
    }

    fn value(&mut self, depth: usize) -> Result<Lit, SyntaxError> {
        self.skip_space();
        match self.peek() {
            None => self.error("the header ends where a value was expected"),
            Some('\'' | '"') => self.string(),
            // Python 2 wrote unicode field names as `u'…'`.
            Some('u')
                if matches!(
                    self.chars.get(self.pos + 1).map(|&(_, c)| c),
                    Some('\'' | '"')
                ) =>
            {
                self.pos += 1;
                self.string()
            }
            Some('(') => {
                // Only a comma makes a tuple: `(3)` is 3, as in Python.
                let (mut items, comma) = self.seq(depth, ')')?;
                if items.len() == 1 && !comma {
                    Ok(items.remove(0))
                } else {
                    Ok(Lit::Tuple(items))
                }
            }
            Some('[') => self.seq(depth, ']').map(|(items, _)| Lit::List(items)),
            Some('{') => self.dict(depth),
            Some(c) if c == '-' || c == '+' || c.is_ascii_digit() => self.int(),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect();
                match word.as_str() {
                    "True" => Ok(Lit::Bool(true)),
                    "False" => Ok(Lit::Bool(false)),
                    _ => {
                        self.pos = start;
                        self.error(format!(
                            "`{word}` is not a literal (expected a string, an integer, `True`, `False`, a tuple, a list or a dict)"
                        ))
                    }
                }
            }
            Some(c) => self.error(format!("unexpected `{c}` where a value was expected")),
        }
    }

    fn enter(&self, depth: usize) -> Result<usize, SyntaxError> {
        if depth >= MAX_DEPTH {
            return self.error(format!("literals nest deeper than {MAX_DEPTH} levels"));
        }
        Ok(depth + 1)
    }

    /// A tuple or a list: values separated by commas, a trailing comma
    /// allowed; and whether there was a comma.
    fn seq(&mut self, depth: usize, close: char) -> Result<(Vec<Lit>, bool), SyntaxError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // the opening bracket
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            self.skip_space();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok((items, comma));
            }
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    comma = true;
                }
                Some(c) if c == close => {}
                _ => return self.error(format!("expected `,` or `{close}`")),
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Lit, SyntaxError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // `{`
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some('}') {
                self.pos += 1;
                return Ok(Lit::Dict(items));
            }
            let key = self.value(depth)?;
            self.skip_space();
            if self.peek() != Some(':') {
                return self.error("expected `:` after a dict key");
            }
            self.pos += 1;
            let value = self.value(depth)?;
            items.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {}
                _ => return self.error("expected `,` or `}`"),
            }
        }
    }

    /// A decimal integer, with Python 2's `L` suffix allowed (headers written
    /// by Python 2 spell long shapes `(3L, 4L)`).
    fn int(&mut self) -> Result<Lit, SyntaxError> {
        let negative = match self.peek() {
            Some('-') => {
                self.pos += 1;
                true
            }
            Some('+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let start = self.pos;
        if self.peek() == Some('0')
            && self.chars[self.pos..]
                .iter()
                .map(|&(_, c)| c)
                .take_while(char::is_ascii_digit)
                .any(|c| c != '0')
        {
            return self.error("a decimal integer with a leading zero");
        }
        let mut n: i128 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = match n.checked_mul(10).and_then(|n| n.checked_add(i128::from(d))) {
                Some(n) => n,
                None => {
                    self.pos = start;
                    return self.error("an integer too large to be a length");
                }
            };
            self.pos += 1;
        }
        if self.pos == start {
            return self.error("expected digits");
        }
        if self.peek() == Some('L') {
            self.pos += 1;
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            return self.error("expected a decimal integer");
        }
        Ok(Lit::Int(if negative { -n } else { n }))
    }

    /// A quoted string with Python's common escapes.
    fn string(&mut self) -> Result<Lit, SyntaxError> {
        let quote = self.peek().unwrap_or('\'');
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => return self.error("a string that is not closed"),
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(Lit::Str(s));
                }
                Some('\\') => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return self.error("a string that is not closed");
                    };
                    self.pos += 1;
                    match e {
                        '\\' | '\'' | '"' => s.push(e),
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        '0' => s.push('\0'),
                        'x' => s.push(self.hex(2)?),
                        'u' => s.push(self.hex(4)?),
                        'U' => s.push(self.hex(8)?),
                        _ => {
                            self.pos -= 1;
                            return self.error(format!("an unknown escape `\\{e}`"));
                        }
                    }
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex(&mut self, digits: usize) -> Result<char, SyntaxError> {
        let mut n: u32 = 0;
        for _ in 0..digits {
            let Some(d) = self.peek().and_then(|c| c.to_digit(16)) else {
                return self.error(format!("expected {digits} hexadecimal digits"));
            };
            n = (n << 4) | d;
            self.pos += 1;
        }
        match char::from_u32(n) {
            Some(c) => Ok(c),
            None => self.error(format!("`{n:#x}` is not a character")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_numpy_writes_and_prints_it_back() {
        let header = "{'descr': [('x', '<f8'), ('pos', '<f4', (3,)), ('', '|V4')], \
                      'fortran_order': False, 'shape': (2, 3), }          ";
        let lit = parse(header).unwrap();
        assert_eq!(
            lit.to_string(),
            "{'descr': [('x', '<f8'), ('pos', '<f4', (3,)), ('', '|V4')], \
             'fortran_order': False, 'shape': (2, 3)}"
        );
        assert_eq!(parse("(3L, 4L)").unwrap().to_string(), "(3, 4)");
        assert_eq!(parse("()").unwrap(), Lit::Tuple(vec![]));
        assert_eq!(
            parse("'a\\'b\\x41\\u00e9'").unwrap(),
            Lit::Str("a'bAé".into())
        );
    }

    #[test]
    fn reads_as_python_does() {
        // Only a comma makes a tuple; `u''` is a string; Python's repr quotes.
        assert_eq!(parse("(3)").unwrap(), Lit::Int(3));
        assert_eq!(parse("((False))").unwrap(), Lit::Bool(false));
        assert_eq!(parse("(3,)").unwrap(), Lit::Tuple(vec![Lit::Int(3)]));
        assert_eq!(parse("u'x'").unwrap(), Lit::Str("x".into()));
        assert_eq!(parse("00").unwrap(), Lit::Int(0));
        assert_eq!(parse("\"it's\"").unwrap().to_string(), "\"it's\"");
        assert_eq!(parse("'a\\\\b'").unwrap().to_string(), "'a\\\\b'");
        // Python refuses these, and so do we.
        assert!(parse("03").is_err());
        assert!(parse("3l").is_err());
        assert!(parse("(1,\u{a0}2)").is_err());
        assert!(parse("(1,\u{85}2)").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_literal() {
        let err = |s: &str| parse(s).unwrap_err();
        assert_eq!(err("{'a': 1,").at, 8);
        assert!(err("__import__('os')").message.contains("not a literal"));
        assert!(err("(1, 2) 3").message.contains("after the literal"));
        assert!(err("1.5").message.contains("decimal integer"));
        assert!(
            err("99999999999999999999999999999999999999999")
                .message
                .contains("too large")
        );
        let deep = "(".repeat(MAX_DEPTH + 1) + &")".repeat(MAX_DEPTH + 1);
        assert!(err(&deep).message.contains("deeper than"));
        let ok = "(".repeat(MAX_DEPTH) + &")".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        assert!(err("'open").message.contains("not closed"));
        assert!(err("'\\q'").message.contains("unknown escape"));
    }
}
