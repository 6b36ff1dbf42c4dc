//! Conformance runner for the NumPy stride-model oracle vectors
//! (`../shared/oracle/README.md`, beside this repository; the public vectors are copied
//! to `tests/data/vectors_public.jsonl`): one JSON case per line, NumPy as ground truth.
//!
//! Shared by `tests/oracle.rs` and `examples/conformance.rs` (included with
//! `#[path = ...] mod oracle;`). Every case is replayed through [`stride::DynLayout`]
//! and every field of its `expect` object is compared: the base layout, every
//! trace entry, the view, and the kind's results (layout fields, status, values,
//! `same_object`, broadcast shape, `shares_memory`, `may_share_memory`). Error
//! messages are not compared, only that an error is returned. Reshape, ravel,
//! `broadcast_to` and `shares_memory` also go through the typed API (`View`,
//! `Layout<R>`) over a real `np.arange(N)`-like buffer, to check that the typed
//! path agrees with the run-time one and really reads the expected elements.
//!
//! A failure is one line `<id>: <field path>: expected <x>, found <y>` (the
//! first mismatch of the case). Field paths are relative to `expect` (e.g.
//! `orders.F.strides`, `trace[1].offset`), or start with `input.` for problems
//! in the input (a malformed case, or a slice `norm` that disagrees with
//! `Slice::indices`).

// Each including target uses a different subset of this module.
#![allow(dead_code)]

use std::any::Any;
use std::collections::HashSet;
use std::fmt::Display;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use serde_json::{Map, Value, json};
use stride::{
    Array, CowArray, DEFAULT_MAX_WORK, DynLayout, Item, LayoutError, Order, OrderMarker, Sharing,
    Slice, View, ViewOrCopy,
};

/// Matches a run-time rank against the listed literals and runs `$body` with
/// `const $c: usize` set to it (so it can instantiate const generics), or
/// evaluates `$other` for a rank not listed.
macro_rules! with_rank {
    ($n:expr, $c:ident in [$($k:literal)+], $body:expr, $other:expr) => {
        match $n {
            $($k => {
                const $c: usize = $k;
                $body
            })+
            _ => $other,
        }
    };
}

/// The outcome of running a vectors file (or part of one).
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Cases whose every field matched (including those in `rule2_ids`).
    pub passed: usize,
    /// Cases with at least one mismatch (and malformed lines).
    pub failed: usize,
    /// One line per failed case: `<id>: <field path>: expected <x>, found <y>`.
    pub failures: Vec<String>,
    /// Passed cases whose strides/offsets differ from NumPy's but are equivalent
    /// under README rule 2 (only length-1 axes, or a size-0 layout, differ).
    /// `stride` is meant to reproduce NumPy exactly, so this should stay empty.
    pub rule2_ids: Vec<String>,
}

impl Report {
    /// Number of cases that passed only up to README rule 2.
    pub fn rule2_only(&self) -> usize {
        self.rule2_ids.len()
    }

    /// `true` when no case failed.
    pub fn all_passed(&self) -> bool {
        self.failed == 0
    }

    /// The summary line: `N passed, M failed`.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }

    /// A `note:` line about cases that passed only up to README rule 2, if any.
    pub fn note(&self) -> Option<String> {
        if self.rule2_ids.is_empty() {
            return None;
        }
        const SHOWN: usize = 20;
        let n = self.rule2_ids.len();
        let mut ids = self.rule2_ids[..n.min(SHOWN)].join(", ");
        if n > SHOWN {
            ids.push_str(&format!(", ... ({} more)", n - SHOWN));
        }
        Some(format!(
            "note: {n} case(s) passed only as layouts equivalent under README rule 2 (strides of length-1 axes or of size-0 layouts differ from NumPy's): {ids}"
        ))
    }

    fn fail(&mut self, line: String) {
        self.failed += 1;
        self.failures.push(line);
    }
}

/// Runs every case of the vectors file at `path`; an I/O error (missing or
/// unreadable file) is returned as such, everything else becomes a failure line.
pub fn run_file(path: &Path) -> io::Result<Report> {
    let text = std::fs::read_to_string(path)?;
    Ok(run_str(&text))
}

/// Runs every case of `text` (the contents of a vectors file). A line that is not
/// valid JSON counts as one failure naming its line number.
pub fn run_str(text: &str) -> Report {
    run_lines(text, None)
}

/// Runs only the cases of the file at `path` whose id is in `ids`; an id that
/// does not occur in the file counts as a failure.
pub fn run_ids(path: &Path, ids: &[&str]) -> io::Result<Report> {
    let text = std::fs::read_to_string(path)?;
    Ok(run_lines(&text, Some(ids)))
}

fn run_lines(text: &str, only: Option<&[&str]>) -> Report {
    let mut report = Report::default();
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                if only.is_none() {
                    report.fail(format!("line {lineno}: malformed JSON: {e}"));
                }
                continue;
            }
        };
        let id = match case.get("id").and_then(Value::as_str) {
            Some(s) => s.to_owned(),
            None => format!("line {lineno}"),
        };
        if let Some(ids) = only {
            if !ids.contains(&id.as_str()) {
                continue;
            }
            seen.insert(id.clone());
        }
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| run_case(&case)))
            .unwrap_or_else(|p| Err(format!("panicked: {}", panic_message(p.as_ref()))));
        match outcome {
            Ok(false) => report.passed += 1,
            Ok(true) => {
                report.passed += 1;
                report.rule2_ids.push(id);
            }
            Err(msg) => report.fail(format!("{id}: {msg}")),
        }
    }
    if let Some(ids) = only {
        for id in ids {
            if !seen.contains(*id) {
                report.fail(format!("{id}: not found in the file"));
            }
        }
    }
    report
}

fn panic_message(p: &(dyn Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_owned()
    }
}

/// Runs one case: `Ok(rule2_only)` or the first mismatch.
fn run_case(case: &Value) -> Res<bool> {
    let kind = text(get(case, "kind", "")?, "kind")?;
    let input = get(case, "input", "")?;
    let expect = get(case, "expect", "")?;
    let itemsize = usize_of(get(input, "itemsize", "input")?, "input.itemsize")?;
    let mut cx = Cx {
        itemsize,
        rule2: false,
    };
    match kind {
        "reshape" => cx.reshape(input, expect)?,
        "ravel" => cx.ravel(input, expect)?,
        "sliding_window" => cx.sliding_window(input, expect)?,
        "broadcast_to" => cx.broadcast_to(input, expect)?,
        "broadcast_arrays" => cx.broadcast_arrays(input, expect)?,
        "shares_memory" => cx.shares_memory(input, expect)?,
        other => return Err(format!("kind: unknown case kind {other:?}")),
    }
    Ok(cx.rule2)
}

// ------------------------------------------------------------- plumbing ----

/// A failure message (without the case id), or a value.
type Res<T = ()> = Result<T, String>;

/// Longest rendering of one value in a failure line.
const SHOW_MAX: usize = 240;

fn show(x: impl Display) -> String {
    let s = x.to_string();
    if s.chars().count() <= SHOW_MAX {
        return s;
    }
    let mut t: String = s.chars().take(SHOW_MAX).collect();
    t.push_str("...");
    t
}

fn mismatch(path: &str, expected: impl Display, found: impl Display) -> String {
    format!("{path}: expected {}, found {}", show(expected), show(found))
}

fn at(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn malformed(path: &str, what: &str, v: &Value) -> String {
    format!("{path}: malformed case: expected {what}, found {}", show(v))
}

fn get<'a>(v: &'a Value, key: &str, path: &str) -> Res<&'a Value> {
    v.get(key)
        .ok_or_else(|| format!("{}: missing from the case", at(path, key)))
}

fn object<'a>(v: &'a Value, path: &str) -> Res<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| malformed(path, "an object", v))
}

/// Fails on any field of the object `v` that this runner does not compare.
fn check_keys(path: &str, v: &Value, allowed: &[&str]) -> Res {
    for k in object(v, path)?.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(format!(
                "{}: field not understood by this runner (so not compared)",
                at(path, k)
            ));
        }
    }
    Ok(())
}

fn text<'a>(v: &'a Value, path: &str) -> Res<&'a str> {
    v.as_str().ok_or_else(|| malformed(path, "a string", v))
}

fn boolean(v: &Value, path: &str) -> Res<bool> {
    v.as_bool().ok_or_else(|| malformed(path, "a boolean", v))
}

fn int(v: &Value, path: &str) -> Res<i64> {
    v.as_i64().ok_or_else(|| malformed(path, "an integer", v))
}

fn isize_of(v: &Value, path: &str) -> Res<isize> {
    isize::try_from(int(v, path)?).map_err(|_| malformed(path, "an isize", v))
}

fn usize_of(v: &Value, path: &str) -> Res<usize> {
    v.as_u64()
        .and_then(|x| usize::try_from(x).ok())
        .ok_or_else(|| malformed(path, "a non-negative integer", v))
}

fn list<'a>(v: &'a Value, path: &str) -> Res<&'a [Value]> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| malformed(path, "a list", v))
}

fn ints(v: &Value, path: &str) -> Res<Vec<i64>> {
    list(v, path)?
        .iter()
        .enumerate()
        .map(|(i, x)| int(x, &format!("{path}[{i}]")))
        .collect()
}

fn isizes(v: &Value, path: &str) -> Res<Vec<isize>> {
    list(v, path)?
        .iter()
        .enumerate()
        .map(|(i, x)| isize_of(x, &format!("{path}[{i}]")))
        .collect()
}

fn usizes(v: &Value, path: &str) -> Res<Vec<usize>> {
    list(v, path)?
        .iter()
        .enumerate()
        .map(|(i, x)| usize_of(x, &format!("{path}[{i}]")))
        .collect()
}

fn opt_isize(v: &Value, path: &str) -> Res<Option<isize>> {
    if v.is_null() {
        Ok(None)
    } else {
        isize_of(v, path).map(Some)
    }
}

/// Non-negative values as `usize`, or `None` if one is negative (a negative
/// length cannot even be expressed in the `usize` API: it counts as an error).
fn non_negative(v: &[i64]) -> Option<Vec<usize>> {
    v.iter().map(|&x| usize::try_from(x).ok()).collect()
}

fn check_eq(path: &str, expected: &Value, found: Value) -> Res {
    if *expected == found {
        Ok(())
    } else {
        Err(mismatch(path, expected, found))
    }
}

fn status_name(v: ViewOrCopy) -> &'static str {
    if v.is_view() { "view" } else { "copy" }
}

fn describe(l: &DynLayout) -> String {
    format!(
        "shape {:?} strides {:?} offset {}",
        l.shape(),
        l.strides(),
        l.offset()
    )
}

fn parse_order(name: &str) -> Option<Order> {
    match name {
        "C" => Some(Order::C),
        "F" => Some(Order::F),
        "A" => Some(Order::A),
        "K" => Some(Order::K),
        _ => None,
    }
}

/// `C` or `F`: the order `A` stands for on this layout (NumPy's `PyArray_ISFORTRAN`).
fn resolve_a(order: Order, l: &DynLayout) -> Order {
    match order {
        Order::A if l.is_f_contiguous() && !l.is_c_contiguous() => Order::F,
        Order::A => Order::C,
        o => o,
    }
}

/// The values (= base offsets) of a packed copy `copy` of `src` filled in order
/// `o` (`C` or `F`), read in C order.
fn copy_values(src: &DynLayout, copy: &DynLayout, o: Order, path: &str) -> Res<Vec<usize>> {
    let offsets = |l: &DynLayout, o| l.element_offsets(o).map_err(|e| format!("{path}: {e}"));
    let source = offsets(src, o)?;
    offsets(copy, Order::C)?
        .into_iter()
        .map(|p| {
            source
                .get(p)
                .copied()
                .ok_or_else(|| format!("{path}: the copy layout {} is not packed", describe(copy)))
        })
        .collect()
}

/// Per-case state: the itemsize and whether a rule-2-only difference was seen.
struct Cx {
    itemsize: usize,
    rule2: bool,
}

impl Cx {
    // ------------------------------------------------------ layout compare ---

    /// Compares a layout object of `expect` with `got`. `has_offset`: the result
    /// is a view, so `offset`/`offset_bytes` must be present (and absent otherwise).
    fn layout(
        &mut self,
        path: &str,
        exp: &Value,
        got: &DynLayout,
        has_offset: bool,
        extra: &[&str],
    ) -> Res {
        const KEYS: [&str; 8] = [
            "shape",
            "strides",
            "strides_bytes",
            "size",
            "c_contiguous",
            "f_contiguous",
            "offset",
            "offset_bytes",
        ];
        let obj = object(exp, path)?;
        for k in obj.keys() {
            if !KEYS.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
                return Err(format!(
                    "{}: field not understood by this runner (so not compared)",
                    at(path, k)
                ));
            }
        }
        check_eq(
            &at(path, "shape"),
            get(exp, "shape", path)?,
            json!(got.shape()),
        )?;
        check_eq(
            &at(path, "size"),
            get(exp, "size", path)?,
            json!(got.size()),
        )?;
        self.strides_like(
            &at(path, "strides"),
            get(exp, "strides", path)?,
            got.strides(),
            got,
        )?;
        let sb_path = at(path, "strides_bytes");
        let sb_exp = get(exp, "strides_bytes", path)?;
        let sb = got
            .strides_bytes(self.itemsize)
            .map_err(|e| mismatch(&sb_path, sb_exp, format!("error ({e})")))?;
        self.strides_like(&sb_path, sb_exp, &sb, got)?;
        check_eq(
            &at(path, "c_contiguous"),
            get(exp, "c_contiguous", path)?,
            json!(got.is_c_contiguous()),
        )?;
        check_eq(
            &at(path, "f_contiguous"),
            get(exp, "f_contiguous", path)?,
            json!(got.is_f_contiguous()),
        )?;
        let ob = got.offset().checked_mul(self.itemsize);
        for (key, ours) in [("offset", Some(got.offset())), ("offset_bytes", ob)] {
            let p = at(path, key);
            match (obj.get(key), has_offset) {
                (None, false) => {}
                (Some(e), false) => return Err(mismatch(&p, e, "none (a copy has no offset)")),
                (None, true) => {
                    return Err(mismatch(&p, "none (a copy)", format!("{ours:?} (a view)")));
                }
                (Some(e), true) => {
                    let ours = ours.ok_or_else(|| mismatch(&p, e, "overflow"))?;
                    if *e != json!(ours) {
                        // Rule 2: a size-0 layout reaches nothing; its offset is free.
                        if got.size() == 0 {
                            self.rule2 = true;
                        } else {
                            return Err(mismatch(&p, e, ours));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Exact comparison of strides (or byte strides); a difference confined to
    /// length-1 axes, or any difference on a size-0 layout, is README rule 2.
    fn strides_like(&mut self, path: &str, exp: &Value, got: &[isize], lay: &DynLayout) -> Res {
        if *exp == json!(got) {
            return Ok(());
        }
        let want = isizes(exp, path)?;
        let equivalent = want.len() == got.len()
            && (lay.size() == 0
                || lay
                    .shape()
                    .iter()
                    .zip(want.iter().zip(got))
                    .all(|(&n, (a, b))| n <= 1 || a == b));
        if equivalent {
            self.rule2 = true;
            Ok(())
        } else {
            Err(mismatch(path, exp, json!(got)))
        }
    }

    // ------------------------------------------------------------- views ---

    /// Builds the base and the view chain of `ops`, comparing `expect.base` (when
    /// present), every `trace` entry and `view`. Returns (base, view).
    fn build(
        &mut self,
        in_path: &str,
        inp: &Value,
        base_shape: &[usize],
        exp_path: &str,
        exp: &Value,
    ) -> Res<(DynLayout, DynLayout)> {
        let base = DynLayout::c(base_shape).map_err(|e| {
            format!(
                "{}: expected a layout, found error ({e})",
                at(exp_path, "base")
            )
        })?;
        if let Some(b) = object(exp, exp_path)?.get("base") {
            self.layout(&at(exp_path, "base"), b, &base, true, &[])?;
        }
        let ops_path = at(in_path, "ops");
        let ops = list(get(inp, "ops", in_path)?, &ops_path)?;
        let trace_path = at(exp_path, "trace");
        let trace = list(get(exp, "trace", exp_path)?, &trace_path)?;
        if trace.len() != ops.len() {
            return Err(format!(
                "{trace_path}: malformed case: {} trace entries for {} ops",
                trace.len(),
                ops.len()
            ));
        }
        let mut cur = base.clone();
        for (i, (op, t)) in ops.iter().zip(trace).enumerate() {
            let tp = format!("{trace_path}[{i}]");
            cur = self.apply_op(&format!("{ops_path}[{i}]"), op, &cur, &tp)?;
            self.layout(&tp, t, &cur, true, &[])?;
        }
        self.layout(
            &at(exp_path, "view"),
            get(exp, "view", exp_path)?,
            &cur,
            true,
            &[],
        )?;
        Ok((base, cur))
    }

    fn apply_op(
        &mut self,
        in_path: &str,
        op: &Value,
        cur: &DynLayout,
        out_path: &str,
    ) -> Res<DynLayout> {
        let kind = text(get(op, "op", in_path)?, &at(in_path, "op"))?;
        let res = match kind {
            "transpose" => cur.permute(&isizes(get(op, "axes", in_path)?, &at(in_path, "axes"))?),
            "index" => {
                let items = index_items(&at(in_path, "items"), get(op, "items", in_path)?, cur)?;
                cur.index(&items)
            }
            "sliding_window" => match window_args(in_path, op, cur.rank())? {
                Some((w, axes)) => {
                    cur.sliding_window(&w, &axes, &vec![1; w.len()], &vec![1; w.len()])
                }
                None => {
                    return Err(format!(
                        "{out_path}: expected a layout, found a negative window length"
                    ));
                }
            },
            "broadcast_to" => {
                cur.broadcast_to(&usizes(get(op, "shape", in_path)?, &at(in_path, "shape"))?)
            }
            other => return Err(format!("{}: unknown op {other:?}", at(in_path, "op"))),
        };
        res.map_err(|e| format!("{out_path}: expected a layout, found error ({e})"))
    }

    // ------------------------------------------------------------- kinds ---

    fn reshape(&mut self, input: &Value, expect: &Value) -> Res {
        check_keys("", expect, &["base", "trace", "view", "orders"])?;
        let base_shape = usizes(get(input, "base_shape", "input")?, "input.base_shape")?;
        let (base, view) = self.build("input", input, &base_shape, "", expect)?;
        let buf = arange(&base)?;
        let newshape = isizes(get(input, "newshape", "input")?, "input.newshape")?;
        let orders = get(expect, "orders", "")?;
        check_keys("orders", orders, &["C", "F", "A"])?;
        for name in ["C", "F", "A"] {
            let order = parse_order(name).unwrap();
            let rp = at("orders", name);
            let r = get(orders, name, "orders")?;
            let sp = at(&rp, "status");
            let status = text(get(r, "status", &rp)?, &sp)?;
            let ours = view.reshape(&newshape, order);
            let typed = with_rank!(view.rank(), R in [0 1 2 3 4 5 6 7 8 9 10],
                with_rank!(newshape.len(), Q in [0 1 2 3 4 5 6],
                    typed_reshape::<R, Q>(buf.as_slice(), &view, &newshape, order),
                    unsupported(newshape.len())),
                unsupported(view.rank()));
            let what = "View::to_shape";
            match status {
                "error" => {
                    if let Ok((v, l)) = &ours {
                        return Err(mismatch(
                            &sp,
                            "error",
                            format!("{} ({})", status_name(*v), describe(l)),
                        ));
                    }
                    check_keys(&rp, r, &["status", "error"])?;
                    typed_error(&rp, what, typed)?;
                }
                "view" | "copy" => {
                    let (voc, lay) =
                        ours.map_err(|e| mismatch(&sp, status, format!("error ({e})")))?;
                    if status_name(voc) != status {
                        return Err(mismatch(&sp, status, status_name(voc)));
                    }
                    self.layout(&rp, r, &lay, voc.is_view(), &["status", "values"])?;
                    let values = if voc.is_view() {
                        lay.element_offsets(Order::C)
                            .map_err(|e| format!("{rp}: {e}"))?
                    } else {
                        copy_values(&view, &lay, resolve_a(order, &view), &at(&rp, "values"))?
                    };
                    check_values(&rp, r, &values)?;
                    check_typed(&rp, what, typed, voc, &lay, &values, buf.as_slice())?;
                }
                _ => return Err(malformed(&sp, "view, copy or error", &json!(status))),
            }
        }
        Ok(())
    }

    fn ravel(&mut self, input: &Value, expect: &Value) -> Res {
        check_keys("", expect, &["base", "trace", "view", "orders"])?;
        let base_shape = usizes(get(input, "base_shape", "input")?, "input.base_shape")?;
        let (base, view) = self.build("input", input, &base_shape, "", expect)?;
        let buf = arange(&base)?;
        let orders = get(expect, "orders", "")?;
        check_keys("orders", orders, &["C", "F", "A", "K"])?;
        for name in ["C", "F", "A", "K"] {
            let order = parse_order(name).unwrap();
            let rp = at("orders", name);
            let r = get(orders, name, "orders")?;
            let sp = at(&rp, "status");
            let status = text(get(r, "status", &rp)?, &sp)?;
            let (voc, lay) = view.ravel(order);
            if status_name(voc) != status {
                return Err(mismatch(&sp, status, status_name(voc)));
            }
            self.layout(&rp, r, &lay, voc.is_view(), &["status", "values"])?;
            let values = if voc.is_view() {
                lay.element_offsets(Order::C)
                    .map_err(|e| format!("{rp}: {e}"))?
            } else if order == Order::K {
                // The K copy walks the axes in keep order, each in its own direction.
                let perm: Vec<isize> = view.keep_order_axes().iter().map(|&a| a as isize).collect();
                let walked = view.permute(&perm).map_err(|e| {
                    format!("{rp}: keep_order_axes gave {perm:?}, not a permutation ({e})")
                })?;
                walked
                    .element_offsets(Order::C)
                    .map_err(|e| format!("{rp}: {e}"))?
            } else {
                view.element_offsets(resolve_a(order, &view))
                    .map_err(|e| format!("{rp}: {e}"))?
            };
            check_values(&rp, r, &values)?;
            let typed = with_rank!(view.rank(), R in [0 1 2 3 4 5 6 7 8 9 10],
                typed_ravel::<R>(buf.as_slice(), &view, order),
                unsupported(view.rank()));
            check_typed(
                &rp,
                "View::ravel",
                typed,
                voc,
                &lay,
                &values,
                buf.as_slice(),
            )?;
        }
        Ok(())
    }

    fn sliding_window(&mut self, input: &Value, expect: &Value) -> Res {
        check_keys(
            "",
            expect,
            &[
                "base", "trace", "view", "status", "window", "stepped", "error",
            ],
        )?;
        let base_shape = usizes(get(input, "base_shape", "input")?, "input.base_shape")?;
        let (_, view) = self.build("input", input, &base_shape, "", expect)?;
        let ours = match window_args("input", input, view.rank())? {
            Some((w, axes)) => view
                .sliding_window(&w, &axes, &vec![1; w.len()], &vec![1; w.len()])
                .map_err(|e| e.to_string()),
            None => Err("a negative window length".to_owned()),
        };
        let status = text(get(expect, "status", "")?, "status")?;
        match status {
            "error" => {
                if let Ok(w) = &ours {
                    return Err(mismatch("status", "error", format!("ok ({})", describe(w))));
                }
            }
            "ok" => {
                let w = ours.map_err(|e| mismatch("status", "ok", format!("error ({e})")))?;
                self.layout("window", get(expect, "window", "")?, &w, true, &[])?;
                let items =
                    index_items("input.step_items", get(input, "step_items", "input")?, &w)?;
                let stepped = w
                    .index(&items)
                    .map_err(|e| format!("stepped: expected a layout, found error ({e})"))?;
                self.layout("stepped", get(expect, "stepped", "")?, &stepped, true, &[])?;
            }
            _ => return Err(malformed("status", "ok or error", &json!(status))),
        }
        Ok(())
    }

    fn broadcast_to(&mut self, input: &Value, expect: &Value) -> Res {
        check_keys(
            "",
            expect,
            &["base", "trace", "view", "status", "result", "error"],
        )?;
        let base_shape = usizes(get(input, "base_shape", "input")?, "input.base_shape")?;
        let (_, view) = self.build("input", input, &base_shape, "", expect)?;
        let target = ints(get(input, "shape", "input")?, "input.shape")?;
        let (ours, typed) = match non_negative(&target) {
            Some(t) => {
                let typed = with_rank!(view.rank(), R in [0 1 2 3 4 5 6 7 8 9 10],
                    with_rank!(t.len(), Q in [0 1 2 3 4 5 6],
                        typed_broadcast::<R, Q>(&view, &t),
                        unsupported(t.len())),
                    unsupported(view.rank()));
                (
                    view.broadcast_to(&t).map_err(|e| e.to_string()),
                    Some(typed),
                )
            }
            None => (Err("a negative target dimension".to_owned()), None),
        };
        let status = text(get(expect, "status", "")?, "status")?;
        match status {
            "error" => {
                if let Ok(r) = &ours {
                    return Err(mismatch("status", "error", format!("ok ({})", describe(r))));
                }
            }
            "ok" => {
                let r = ours
                    .as_ref()
                    .map_err(|e| mismatch("status", "ok", format!("error ({e})")))?;
                self.layout("result", get(expect, "result", "")?, r, true, &[])?;
            }
            _ => return Err(malformed("status", "ok or error", &json!(status))),
        }
        if let Some(typed) = typed {
            let p = "result (typed Layout::broadcast_to)";
            let typed = typed.map_err(|e| format!("{p}: {e}"))?;
            match (&ours, &typed) {
                (Ok(a), Ok(b)) if a == b => {}
                (Err(_), Err(_)) => {}
                _ => {
                    let show_dyn = ours
                        .as_ref()
                        .map_or_else(|e| format!("error ({e})"), describe);
                    let show_typed = typed
                        .as_ref()
                        .map_or_else(|e| format!("error ({e})"), describe);
                    return Err(mismatch(
                        p,
                        format!("{show_dyn} (as DynLayout)"),
                        show_typed,
                    ));
                }
            }
        }
        Ok(())
    }

    fn broadcast_arrays(&mut self, input: &Value, expect: &Value) -> Res {
        check_keys(
            "",
            expect,
            &["views", "status", "shape", "results", "error"],
        )?;
        let arrays = list(get(input, "arrays", "input")?, "input.arrays")?;
        let views = list(get(expect, "views", "")?, "views")?;
        if views.len() != arrays.len() {
            return Err(format!(
                "views: malformed case: {} views for {} arrays",
                views.len(),
                arrays.len()
            ));
        }
        let mut lays = Vec::with_capacity(arrays.len());
        for (i, (a, v)) in arrays.iter().zip(views).enumerate() {
            let ip = format!("input.arrays[{i}]");
            let ep = format!("views[{i}]");
            check_keys(&ep, v, &["base", "trace", "view"])?;
            let base_shape = usizes(get(a, "base_shape", &ip)?, &at(&ip, "base_shape"))?;
            lays.push(self.build(&ip, a, &base_shape, &ep, v)?.1);
        }
        let ours = DynLayout::broadcast_arrays(&lays);
        let status = text(get(expect, "status", "")?, "status")?;
        match status {
            "error" => {
                if let Ok((shape, _)) = &ours {
                    return Err(mismatch("status", "error", format!("ok (shape {shape:?})")));
                }
            }
            "ok" => {
                let (shape, results) =
                    ours.map_err(|e| mismatch("status", "ok", format!("error ({e})")))?;
                check_eq("shape", get(expect, "shape", "")?, json!(shape))?;
                let exp_results = list(get(expect, "results", "")?, "results")?;
                if exp_results.len() != results.len() {
                    return Err(mismatch(
                        "results",
                        format!("{} results", exp_results.len()),
                        results.len(),
                    ));
                }
                for (i, (e, (lay, same))) in exp_results.iter().zip(&results).enumerate() {
                    let rp = format!("results[{i}]");
                    self.layout(&rp, e, lay, true, &["same_object"])?;
                    check_eq(
                        &at(&rp, "same_object"),
                        get(e, "same_object", &rp)?,
                        json!(same),
                    )?;
                }
            }
            _ => return Err(malformed("status", "ok or error", &json!(status))),
        }
        Ok(())
    }

    fn shares_memory(&mut self, input: &Value, expect: &Value) -> Res {
        check_keys("", expect, &["a", "b", "shares_memory", "may_share_memory"])?;
        let base_shape = usizes(get(input, "base_shape", "input")?, "input.base_shape")?;
        let mut views = Vec::with_capacity(2);
        let mut base = None;
        for name in ["a", "b"] {
            let e = get(expect, name, "")?;
            check_keys(name, e, &["base", "trace", "view"])?;
            let (b, v) = self.build(
                &at("input", name),
                get(input, name, "input")?,
                &base_shape,
                name,
                e,
            )?;
            base = Some(b);
            views.push(v);
        }
        let (a, b) = (&views[0], &views[1]);
        let exp_shares = get(expect, "shares_memory", "")?;
        let exp_may = get(expect, "may_share_memory", "")?;
        let want = boolean(exp_shares, "shares_memory")?;
        check_sharing("shares_memory", want, a.shares_memory(b, DEFAULT_MAX_WORK))?;
        check_eq("may_share_memory", exp_may, json!(a.may_share_memory(b)))?;
        check_sharing(
            "shares_memory (b with a)",
            want,
            b.shares_memory(a, DEFAULT_MAX_WORK),
        )?;
        check_eq(
            "may_share_memory (b with a)",
            exp_may,
            json!(b.may_share_memory(a)),
        )?;
        let buf = arange(base.as_ref().unwrap())?;
        let p = "shares_memory (typed stride::shares_memory on Views)";
        let (sharing, may) = with_rank!(a.rank(), R in [0 1 2 3 4 5 6],
            with_rank!(b.rank(), Q in [0 1 2 3 4 5 6],
                typed_shares::<R, Q>(buf.as_slice(), a, b),
                unsupported(b.rank())),
            unsupported(a.rank()))
        .map_err(|e| format!("{p}: {e}"))?;
        check_sharing(p, want, sharing)?;
        check_eq(
            "may_share_memory (typed stride::may_share_memory on Views)",
            exp_may,
            json!(may),
        )?;
        Ok(())
    }
}

fn check_sharing(path: &str, want: bool, got: Sharing) -> Res {
    match got {
        Sharing::Shared if want => Ok(()),
        Sharing::Disjoint if !want => Ok(()),
        other => Err(mismatch(path, want, format!("Sharing::{other:?}"))),
    }
}

fn check_values(path: &str, exp: &Value, values: &[usize]) -> Res {
    match exp.get("values") {
        Some(v) => check_eq(&at(path, "values"), v, json!(values)),
        None => Ok(()),
    }
}

/// Parses index items; for items with a `norm`, cross-checks it against
/// `Slice::indices` (slices) or the normalised integer, on the axis it consumes.
fn index_items(path: &str, v: &Value, cur: &DynLayout) -> Res<Vec<Item>> {
    let mut axis = 0;
    let mut out = Vec::new();
    for (j, it) in list(v, path)?.iter().enumerate() {
        let ip = format!("{path}[{j}]");
        let n = cur.shape().get(axis).copied();
        let item = match text(get(it, "t", &ip)?, &at(&ip, "t"))? {
            "newaxis" => Item::NewAxis,
            "int" => {
                let i = isize_of(get(it, "i", &ip)?, &at(&ip, "i"))?;
                if let (Some(norm), Some(n)) = (it.get("norm"), n) {
                    let ours = if i < 0 { i.wrapping_add_unsigned(n) } else { i };
                    check_eq(&at(&ip, "norm"), norm, json!(ours))?;
                }
                axis += 1;
                Item::Index(i)
            }
            "slice" => {
                let start = opt_isize(get(it, "start", &ip)?, &at(&ip, "start"))?;
                let stop = opt_isize(get(it, "stop", &ip)?, &at(&ip, "stop"))?;
                let step = opt_isize(get(it, "step", &ip)?, &at(&ip, "step"))?.unwrap_or(1);
                let s = Slice::new(start, stop, step);
                if let (Some(norm), Some(n)) = (it.get("norm"), n) {
                    let np = format!("{ip}.norm (Slice::indices({n}))");
                    match s.indices(n) {
                        Ok((first, len, st)) => check_eq(&np, norm, json!([first, len, st]))?,
                        Err(e) => return Err(mismatch(&np, norm, format!("error ({e})"))),
                    }
                }
                axis += 1;
                Item::Slice(s)
            }
            other => {
                return Err(malformed(
                    &at(&ip, "t"),
                    "slice, int or newaxis",
                    &json!(other),
                ));
            }
        };
        out.push(item);
    }
    Ok(out)
}

/// `window_shape` (int or list) and `axis` (null = all axes in order, int, or
/// list) of a sliding-window input or op; `None` if a window length is negative.
fn window_args(path: &str, v: &Value, rank: usize) -> Res<Option<(Vec<usize>, Vec<isize>)>> {
    let wp = at(path, "window_shape");
    let wv = get(v, "window_shape", path)?;
    let windows = if wv.is_array() {
        ints(wv, &wp)?
    } else {
        vec![int(wv, &wp)?]
    };
    let ap = at(path, "axis");
    let axes = match get(v, "axis", path)? {
        Value::Null => (0..rank).map(|a| a as isize).collect(),
        a if a.is_array() => isizes(a, &ap)?,
        a => vec![isize_of(a, &ap)?],
    };
    Ok(non_negative(&windows).map(|w| (w, axes)))
}

// ------------------------------------------------------------ typed path ---

fn unsupported<T>(rank: usize) -> Res<T> {
    Err(format!("rank {rank} not supported by the typed path"))
}

/// The base buffer `np.arange(N)` for a base layout of N elements.
fn arange(base: &DynLayout) -> Res<Array<i64, 1>> {
    let n =
        i64::try_from(base.size()).map_err(|_| format!("base: size {} too large", base.size()))?;
    Array::<i64, 1>::arange(0, n, 1)
        .map_err(|e| format!("base: cannot allocate np.arange({n}) ({e})"))
}

/// What the typed path returned: view or copy, where it points, its layout and
/// its elements in C order.
struct Typed {
    is_view: bool,
    ptr: *const i64,
    shape: Vec<usize>,
    strides: Vec<isize>,
    values: Vec<i64>,
}

impl Typed {
    fn of<const Q: usize, O: OrderMarker>(c: &CowArray<'_, i64, Q, O>) -> Self {
        let v = c.view();
        Typed {
            is_view: c.is_view(),
            ptr: c.as_ptr(),
            shape: v.shape().to_vec(),
            strides: v.strides().to_vec(),
            values: v.iter().copied().collect(),
        }
    }
}

fn typed_view<'a, const R: usize>(buf: &'a [i64], lay: &DynLayout) -> Res<View<'a, i64, R>> {
    let l = lay
        .to_layout::<R>()
        .map_err(|e| format!("to_layout::<{R}>() failed ({e})"))?;
    View::<i64, R>::from_slice(buf, l)
        .map_err(|e| format!("View::from_slice({}) failed ({e})", describe(lay)))
}

fn typed_reshape<const R: usize, const Q: usize>(
    buf: &[i64],
    lay: &DynLayout,
    newshape: &[isize],
    order: Order,
) -> Res<Result<Typed, LayoutError>> {
    let v = typed_view::<R>(buf, lay)?;
    let shape: [isize; Q] = newshape
        .try_into()
        .map_err(|_| format!("newshape of rank {} is not rank {Q}", newshape.len()))?;
    Ok(v.to_shape::<Q>(shape, order).map(|c| Typed::of(&c)))
}

fn typed_ravel<const R: usize>(
    buf: &[i64],
    lay: &DynLayout,
    order: Order,
) -> Res<Result<Typed, LayoutError>> {
    let v = typed_view::<R>(buf, lay)?;
    Ok(v.ravel(order).map(|c| Typed::of(&c)))
}

fn typed_broadcast<const R: usize, const Q: usize>(
    lay: &DynLayout,
    target: &[usize],
) -> Res<Result<DynLayout, LayoutError>> {
    let l = lay
        .to_layout::<R>()
        .map_err(|e| format!("to_layout::<{R}>() failed ({e})"))?;
    let t: [usize; Q] = target
        .try_into()
        .map_err(|_| format!("target of rank {} is not rank {Q}", target.len()))?;
    Ok(l.broadcast_to::<Q>(t).map(DynLayout::from))
}

fn typed_shares<const R: usize, const Q: usize>(
    buf: &[i64],
    a: &DynLayout,
    b: &DynLayout,
) -> Res<(Sharing, bool)> {
    let va = typed_view::<R>(buf, a)?;
    let vb = typed_view::<Q>(buf, b)?;
    Ok((
        stride::shares_memory(&va, &vb, DEFAULT_MAX_WORK),
        stride::may_share_memory(&va, &vb),
    ))
}

/// The typed path must error exactly when NumPy does.
fn typed_error(path: &str, what: &str, typed: Res<Result<Typed, LayoutError>>) -> Res {
    let p = format!("{path} (typed {what})");
    match typed.map_err(|e| format!("{p}: {e}"))? {
        Err(_) => Ok(()),
        Ok(t) => Err(mismatch(
            &at(&p, "status"),
            "error",
            if t.is_view { "view" } else { "copy" },
        )),
    }
}

/// The typed path must agree with the run-time answer `voc`/`lay` and read
/// `values` from the buffer; a view must point into the buffer at its offset.
fn check_typed(
    path: &str,
    what: &str,
    typed: Res<Result<Typed, LayoutError>>,
    voc: ViewOrCopy,
    lay: &DynLayout,
    values: &[usize],
    buf: &[i64],
) -> Res {
    let p = format!("{path} (typed {what})");
    let t = typed
        .map_err(|e| format!("{p}: {e}"))?
        .map_err(|e| mismatch(&at(&p, "status"), status_name(voc), format!("error ({e})")))?;
    let tv = if t.is_view { "view" } else { "copy" };
    if t.is_view != voc.is_view() {
        return Err(mismatch(&at(&p, "status"), status_name(voc), tv));
    }
    if t.is_view && t.ptr != buf.as_ptr().wrapping_add(lay.offset()) {
        let found = (t.ptr as usize).wrapping_sub(buf.as_ptr() as usize) as isize
            / size_of::<i64>() as isize;
        return Err(mismatch(
            &at(&p, "as_ptr"),
            format!("buffer + {}", lay.offset()),
            format!("buffer + {found}"),
        ));
    }
    if t.shape != lay.shape() {
        return Err(mismatch(
            &at(&p, "shape"),
            json!(lay.shape()),
            json!(t.shape),
        ));
    }
    if t.strides != lay.strides() {
        return Err(mismatch(
            &at(&p, "strides"),
            json!(lay.strides()),
            json!(t.strides),
        ));
    }
    let want: Vec<i64> = values.iter().map(|&v| v as i64).collect();
    if t.values != want {
        return Err(mismatch(&at(&p, "values"), json!(want), json!(t.values)));
    }
    Ok(())
}
