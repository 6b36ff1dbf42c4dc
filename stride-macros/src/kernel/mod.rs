//! `kernel!` and `#[kernel_fn]`: a statement in index notation, expanded into one
//! call of the loop engine with the statement inlined in its inner loop (no
//! per-element call, no index multiplication: pointer steps), over any mix of
//! layouts. Parse and check come from `stride-dsl`; this module expands.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use stride_dsl::kernel::{AssignOp, ExtremeKind, KernelStmt, ScanKind, Target, statement};
use syn::ext::IdentExt;

use crate::emit;

/// `kernel!(stmt)`: an expression of type `Result<(), LayoutError>`, or of
/// `Result<Array<T, R, O>, LayoutError>` for a new output (`_[[…]] = …`; `O`
/// is F or C, see the expansion of `order`).
pub fn kernel(input: TokenStream) -> TokenStream {
    match statement(crate::hygiene::user_names(input)) {
        Ok(s) => expand(&s),
        Err(e) => emit::failed_expr(&e),
    }
}

/// `#[kernel_fn]` on a function whose body is kernel statements: each runs in turn;
/// the function returns `Result<(), LayoutError>`.
pub fn attribute(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut f: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(e) => {
            let errors = e.to_compile_error();
            return quote!(#errors #item);
        }
    };
    if !attr.is_empty() {
        let e = syn::Error::new(
            Span::call_site(),
            "`#[kernel_fn]` takes no arguments: the statements are the function's body",
        );
        return e.to_compile_error();
    }
    let mut errors: Option<syn::Error> = None;
    let mut parts = Vec::new();
    for stmt in &f.block.stmts {
        let parsed =
            statement(crate::hygiene::user_names(quote!(#stmt))).and_then(|s| match &s.target {
                Target::Array { operand, .. } if s.target.is_new() => Err(syn::Error::new(
                    operand.span(),
                    "a new output is a value, and a `#[kernel_fn]` statement's value is dropped: \
                 write into a parameter, or use `let out = kernel!(_[[…]] = …)?`",
                )),
                _ => Ok(s),
            });
        match parsed {
            Ok(s) => parts.push(expand(&s)),
            Err(e) => match &mut errors {
                Some(all) => all.combine(e),
                None => errors = Some(e),
            },
        }
    }
    // No return type, or `-> ()`: the function returns the kernels' errors.
    let unit = match &f.sig.output {
        syn::ReturnType::Default => true,
        syn::ReturnType::Type(_, t) => matches!(&**t, syn::Type::Tuple(t) if t.elems.is_empty()),
    };
    if unit {
        f.sig.output = syn::parse_quote!(-> ::core::result::Result<(), ::stride::LayoutError>);
    }
    let body = match errors {
        // The function keeps its signature, so its callers add no errors.
        Some(e) => {
            let errors = e.to_compile_error();
            quote!({ #errors ::stride::__private::placeholder() })
        }
        None => quote!({
            #(#parts?;)*
            ::core::result::Result::Ok(())
        }),
    };
    // Emitted as tokens (not re-parsed into the item): the body holds labeled
    // blocks in expression position.
    let (attrs, vis, sig) = (&f.attrs, &f.vis, &f.sig);
    quote!(#(#attrs)* #vis #sig #body)
}

/// The expansion of one checked statement, its own names hygienic (see
/// [`hygiene`](crate::hygiene)).
fn expand(s: &KernelStmt) -> TokenStream {
    crate::hygiene::internal_names(expand_statement(s))
}

/// The expansion of one checked statement.
fn expand_statement(s: &KernelStmt) -> TokenStream {
    let l = s.letters.len();
    let l_lit = Literal::usize_unsuffixed(l);
    let k = quote!(::stride::__private::kernel);
    let mut prelude = Vec::new();
    // Operand slots: the target (if an array) first, then one per read that is
    // not the target itself; each with its letters.
    let mut slot_letters: Vec<Vec<usize>> = Vec::new();
    let mut views = Vec::new();
    let mut slot_names: Vec<String> = Vec::new();
    let mut slot_ops: Vec<syn::Ident> = Vec::new();
    let fresh = s.target.is_new();
    // A new output of `max[…]` / `min[…]`, of a sum (`+=`) or of a product
    // (`*=`) is made filled with where the reduction starts (the lowest or
    // highest value, zero, one: initialised, since a reduction updates it),
    // then reduced into as a given output (NumPy's `einsum('ij->i', a)` for
    // a sum): the function of `__private::kernel` that gives that start.
    let start_fn = match (s.extreme.as_ref().map(|e| e.kind), s.op) {
        (Some(ExtremeKind::Max), _) => Some(quote!(lowest_like)),
        (Some(ExtremeKind::Min), _) => Some(quote!(highest_like)),
        (None, AssignOp::Add) => Some(quote!(zero_like)),
        (None, AssignOp::Mul) => Some(quote!(one_like)),
        (None, _) => None,
    }
    .filter(|_| fresh);
    let fresh_filled = start_fn.is_some();
    let (target_is_array, target_name) = match &s.target {
        Target::Array { operand, letters } => {
            let r = Literal::usize_unsuffixed(letters.len());
            let span = operand.span();
            // A new output is made after the inputs' views (its shape is
            // theirs): see below.
            let operand = if fresh {
                format_ident!("__stride_new")
            } else {
                prelude.push(quote_spanned! {span=>
                    let mut __stride_w = #operand.__stride_write::<#r>();
                });
                operand.clone()
            };
            views.push(quote!(__stride_w));
            slot_names.push(operand.unraw().to_string());
            slot_ops.push(operand.clone());
            slot_letters.push(letters.iter().map(|x| s.letter(&x.name)).collect());
            (true, Some(operand))
        }
        Target::Scalar(_) => (false, None),
    };
    // For each access: the slot it reads (the target's for an in-place read).
    let mut access_slot = Vec::new();
    for (n, a) in s.accesses.iter().enumerate() {
        // The same operand however it is spelled (`out`, `r#out`); a new
        // output's name is the expansion's own, which no access reads.
        if !fresh && target_name.as_ref().map(|t| t.unraw()) == Some(a.operand.unraw()) {
            access_slot.push(0);
            continue;
        }
        let r = Literal::usize_unsuffixed(a.letters.len());
        let v = format_ident!("__stride_r{}", n);
        let op = &a.operand;
        let span = op.span();
        prelude.push(quote_spanned! {span=>
            let #v = #op.__stride_read::<#r>();
        });
        access_slot.push(views.len());
        views.push(quote!(#v));
        slot_names.push(op.unraw().to_string());
        slot_ops.push(op.clone());
        slot_letters.push(a.letters.iter().map(|x| s.letter(&x.name)).collect());
    }
    let n_slots = views.len();
    // The order of a new output: the one its inputs' types keep when each
    // indexes the output's letters in the output's order (F only if all keep
    // F, as the library's `map` and `zip_with`), else C.
    let order = if fresh && n_slots > 1 && slot_letters[1..].iter().all(|ls| *ls == slot_letters[0])
    {
        views[1..]
            .iter()
            .map(|v| quote!(#k::kept(&#v)))
            .reduce(|a, b| quote!(#k::both(#a, #b)))
            .expect("a new output reads an input")
    } else {
        quote!(#k::c_order())
    };
    let mut fresh_prelude = TokenStream::new();
    if fresh {
        let shape = {
            let out_letters = slot_letters[0]
                .iter()
                .map(|&x| Literal::usize_unsuffixed(x));
            quote!([#(__stride_e[#out_letters]),*])
        };
        let r = Literal::usize_unsuffixed(slot_letters[0].len());
        // Where an extreme starts, of the type of the right-hand side: a
        // closure never called gives the type (the output's pointers need
        // their element type before the loop's stores could give it).
        let like = {
            let binds = s.accesses.iter().zip(&access_slot).map(|(a, &slot)| {
                let (ph, v) = (&a.placeholder, &views[slot]);
                quote!(let #ph = #k::phantom_elem(&#v);)
            });
            let rhs = &s.rhs;
            quote!(|| { #(#binds)* #rhs })
        };
        let made = match &start_fn {
            Some(start) => {
                quote!(#k::filled::<_, #r, _>(#shape, #order, #k::#start(#like)))
            }
            None => quote!(#k::fresh::<_, #r, _>(#shape, #order)),
        };
        // The new output: in `order`, each axis the extent of its letter on
        // the right (every output letter is read there: checked),
        // uninitialised (filled where an extreme, a sum or a product
        // starts).
        let input_uses = letter_uses(&slot_letters[1..], &views[1..]);
        fresh_prelude = quote! {
            let __stride_e: [::core::primitive::usize; #l_lit] = #k::extents::<#l_lit>(&[#(#input_uses),*]);
            let mut __stride_new = match #made {
                ::core::result::Result::Ok(a) => a,
                ::core::result::Result::Err(e) => break '__stride ::core::result::Result::Err(e),
            };
            let mut __stride_w = __stride_new.__stride_write::<#r>();
        };
    }
    let names = s.letters.iter();
    // Extents of the letters from every slot's shape.
    let uses = letter_uses(&slot_letters, &views);
    // The letters' names, and their box: refused when it holds more than
    // `isize::MAX` elements (letters from different operands multiply).
    // One view indexed by every letter once, in order: the extents are its
    // shape, whose size fits by the view's own invariant (no error path, so
    // a sum over one array has none to carry).
    let one_view = matches!(views.as_slice(), [_] if slot_letters[0].iter().copied().eq(0..l));
    let ext = if one_view {
        let v = &views[0];
        quote!(*::stride::ViewBase::shape(&#v))
    } else {
        quote! {
            match #k::checked_extents::<#l_lit>(&[#(#uses),*]) {
                ::core::result::Result::Ok(e) => e,
                ::core::result::Result::Err(e) => {
                    break '__stride ::core::result::Result::Err(e)
                }
            }
        }
    };
    // Which operand and axis each use is (a new output's have no name: the
    // inputs set its shape), for an extent error to name the one that set
    // the extent.
    let owners = slot_letters
        .iter()
        .zip(&slot_names)
        .enumerate()
        .flat_map(|(slot, (ls, name))| {
            let name = if slot == 0 && fresh {
                String::new()
            } else {
                name.clone()
            };
            (0..ls.len()).map(move |axis| {
                let axis = Literal::usize_unsuffixed(axis);
                quote!((#name, #axis))
            })
        });
    let letters_box = quote! {
        let __stride_names: [&'static ::core::primitive::str; #l_lit] = [#(#names),*];
        let __stride_ext: [::core::primitive::usize; #l_lit] = #ext;
    };
    // An extent error names the operand that set the extent (a single view
    // sets its own and cannot disagree), from one place for every operand,
    // the uses read again there (kept from the extents' computation, they
    // cost a small kernel a nanosecond per call).
    let extent_err = if one_view {
        quote!(e)
    } else {
        quote!(#k::extent_source(e, &__stride_names, &[#(#uses),*], &[#(#owners),*]))
    };
    let strides = slot_letters
        .iter()
        .zip(&views)
        .zip(&slot_names)
        .enumerate()
        .map(|(slot, ((ls, v), name))| {
            let ls = ls.iter().map(|&x| Literal::usize_unsuffixed(x));
            let f = if slot == 0 && target_is_array {
                quote!(strides_out)
            } else {
                quote!(strides_in)
            };
            quote! {
                match (#k::OperandIndex { name: #name, letters: [#(#ls),*], names: &__stride_names })
                    .#f(::stride::ViewBase::shape(&#v), ::stride::ViewBase::strides(&#v), &__stride_ext)
                {
                    ::core::result::Result::Ok(s) => s,
                    ::core::result::Result::Err(e) => break '__stride_strides ::core::result::Result::Err(e),
                }
            }
        });
    let offsets = views.iter().map(|v| quote!(#k::offset_of_view(&#v)));
    // The output's memory order leads an elementwise kernel (as NumPy's
    // iterator); a reduction follows its first input.
    let lead = if target_is_array && !s.is_reduction() {
        0
    } else if target_is_array && n_slots > 1 {
        1
    } else {
        0
    };
    let lead = Literal::usize_unsuffixed(lead);
    let tile = if target_is_array && !s.is_reduction() {
        quote!(#k::tile_of(&__stride_w))
    } else {
        quote!(0)
    };
    let bases = views.iter().enumerate().map(|(i, v)| {
        let b = format_ident!("__stride_b{}", i);
        if i == 0 && target_is_array {
            quote!(let #b = ::stride::ViewBase::base_mut_ptr(&mut #v);)
        } else {
            quote!(let #b = ::stride::ViewBase::base_ptr(&#v);)
        }
    });
    // Per run: the slots' pointers at the run's first element.
    let starts: Vec<TokenStream> = (0..n_slots)
        .map(|slot| {
            let (p, b, i) = (
                format_ident!("__stride_p{}", slot),
                format_ident!("__stride_b{}", slot),
                Literal::usize_unsuffixed(slot),
            );
            if slot == 0 && target_is_array {
                // The output is never staged.
                return quote!(let mut #p = #b.wrapping_offset(__stride_off[#i]););
            }
            quote! {
                let mut #p = ::stride::kernel::run_start(__stride_sp, #i, #b, __stride_off[#i]);
            }
        })
        .collect();
    // `out[[…]] = …` not reading `out`: each position's inputs are read
    // before the output is written there, so the output may hold the rows of
    // a staged input (see `Nest::staged`).
    let scratch_out = target_is_array
        && !s.is_reduction()
        && s.op == AssignOp::Set
        && s.scan.is_none()
        && !access_slot.contains(&0);
    // The inputs that may be staged, and the output if it may be the scratch.
    // Not for a reduction: its partial sums follow the runs, and a staged
    // walk (interleaved channels in an untiled nest) would regroup them, so
    // that a float result would depend on whether the CPU stages.
    let stage = (0..n_slots).map(|i| {
        let b = format_ident!("__stride_b{}", i);
        if s.is_reduction() {
            quote!(::core::option::Option::None)
        } else if i == 0 && target_is_array {
            match (scratch_out, fresh) {
                (false, _) => quote!(::core::option::Option::None),
                (true, false) => {
                    quote!(::core::option::Option::Some(::stride::kernel::StageSlot::output(#b)))
                }
                (true, true) => quote!(::core::option::Option::Some(
                    ::stride::kernel::StageSlot::new_output(#b)
                )),
            }
        } else {
            quote!(::core::option::Option::Some(::stride::kernel::StageSlot::of(#b)))
        }
    });
    // A new output's type fixes nothing: the checks and the static count
    // come from the inputs.
    let checks = if fresh {
        static_checks(&slot_ops[1..], &slot_letters[1..], false, &k)
    } else {
        static_checks(&slot_ops, &slot_letters, target_is_array, &k)
    };
    // `out[[…]] = …` not reading `out`: a large given output of plain numbers
    // is written with non-temporal stores (decided once per call; not a new
    // output, whose pages are zeroed in cache as the loop reaches them).
    let streamable = scratch_out && !fresh;
    let inner = Inner {
        s,
        access_slot: &access_slot,
        n_slots,
        fresh: fresh && !fresh_filled,
        streamable,
    };
    // A plain copy between two operands whose letters are permutations of each
    // other: the library's copy (register-block transposes, streaming stores).
    if let Some(axes) = plain_copy(s, &slot_letters, target_is_array) {
        let axes = axes.iter().map(|&a| Literal::isize_unsuffixed(a as isize));
        if fresh {
            // A new output: the input, permuted, copied into a new array (in
            // the input's kept order when not permuted).
            return quote! {
                ('__stride: {
                    use #k::Operand as _;
                    #(#checks)*
                    #(#prelude)*
                    #k::copy_new(__stride_r0, [#(#axes),*], #order)
                })
            };
        }
        return quote! {
            ('__stride: {
                use #k::Operand as _;
                #(#checks)*
                #(#prelude)*
                #letters_box
                // Every operand's extents agree with the letters' (the kernel's
                // errors); the copy checks the layouts again.
                if let ::core::result::Result::Err(e) = '__stride_strides: {
                    let _: [[::core::primitive::isize; #l_lit]; 2] = [#(#strides),*];
                    ::core::result::Result::Ok(())
                } {
                    break '__stride ::core::result::Result::Err(#extent_err);
                }
                #k::copy(&mut __stride_w, __stride_r0, [#(#axes),*])
            })
        };
    }
    let run = match &s.scan {
        Some(scan) => inner.scan(s.letter(&scan.letter.name), scan.kind),
        None => {
            let body = inner.run_body(target_is_array);
            // An input staged through the output's own rows is read through
            // the output's pointer in the unit-stride loop (one pointer: the
            // compiler needs no overlap check, which two equal pointers fail).
            let body = if scratch_out {
                let unit = inner.unit();
                // Inline: behind a call, the two equal pointers would fail
                // the compiler's overlap check.
                let u = inner.elementwise(Walk::Unit, Call::Inline);
                let arms = (1..n_slots).map(|slot| {
                    let (p, kl) = (Inner::ptr(slot), Literal::usize_unsuffixed(slot));
                    quote! {
                        ::core::option::Option::Some((#kl, _)) => {
                            let #p = #k::staged_in(__stride_p0, #p);
                            #u
                        }
                    }
                });
                quote! {
                    if __stride_into_out && #unit {
                        match __stride_sp {
                            #(#arms)*
                            _ => { #body }
                        }
                    } else {
                        #body
                    }
                }
            } else {
                body
            };
            let small = inner.small(l, &starts);
            let walk = quote! {
                // A transposed input of plain numbers is read from a transposed
                // scratch tile (or from the output's own rows, then written with
                // ordinary stores).
                // Every input offset the nest gives is an element of that input's
                // view (see below), read only; the output's, distinct elements of
                // the output's view (of its element type), held exclusively; each
                // position's value is computed, reading the staged element there
                // once, before the output is written there, and the output is
                // read only through the staged rows.
                // SAFETY: `Nest::staged`'s contract, met as just said.
                let __stride_rows = unsafe { ::stride::kernel::Nest::rows(&__stride_nest, [#(#stage),*]) };
                let __stride_into_out = ::stride::kernel::Rows::fills_output(&__stride_rows);
                let __stride_stream_min = if __stride_into_out {
                    ::core::primitive::usize::MAX
                } else {
                    __stride_stream_min
                };
                for (__stride_off, __stride_len, __stride_st, __stride_sp) in __stride_rows {
                    #(#starts)*
                    #body
                }
            };
            let walk = if target_is_array && s.is_reduction() {
                inner.row_fold(walk)
            } else {
                walk
            };
            let nest = quote! {
                if #k::box_size(&__stride_ext) <= #k::SMALL_BOX {
                    #small
                } else {
                let __stride_nest = ::stride::kernel::Nest::plan(
                    &__stride_ops,
                    ::stride::kernel::Priority::Operand(#lead),
                    #tile,
                );
                #walk
                }
            };

            // Every slot indexes every letter in the same order: when the
            // types say all C (or all F) and no axis broadcasts, one flat loop,
            // chosen at compile time (no plan), with a constant trip count
            // when a tensor's type fixes it.
            let full: Vec<usize> = (0..l).collect();
            if slot_letters.iter().all(|ls| *ls == full) {
                let flat = inner.flat_body();
                let contig = views.iter().map(|v| quote!(#k::contiguity(&#v)));
                // One view alone sets the extents (its own shape, letter for
                // letter), so it cannot broadcast: the types decide the branch,
                // and the optimiser removes the general walk for C or F
                // operands.
                let same = views
                    .iter()
                    .filter(|_| !one_view)
                    .map(|v| quote!(::stride::ViewBase::shape(&#v) == &__stride_ext));
                let flat_starts = views.iter().enumerate().map(|(i, v)| {
                    let (p, b) = (
                        format_ident!("__stride_p{}", i),
                        format_ident!("__stride_b{}", i),
                    );
                    quote!(let #p = #b.wrapping_add(#k::offset_of_view(&#v));)
                });
                quote! {
                    if #k::flat(&[#(#contig),*]) #(&& #same)* {
                        // A constant for tensors (their views' layouts are
                        // their types' constants).
                        let __stride_len: ::core::primitive::usize = #k::box_size(&__stride_ext);
                        #(#flat_starts)*
                        #flat
                    } else {
                        #nest
                    }
                }
            } else {
                nest
            }
        }
    };
    // Runs from this length on stream (`usize::MAX`: none).
    let stream_decl = if streamable {
        quote! {
            let __stride_stream_min: ::core::primitive::usize =
                #k::stream_min_run(&__stride_w, #k::box_size(&__stride_ext));
        }
    } else {
        quote!(let __stride_stream_min = ::core::primitive::usize::MAX;)
    };
    // A scalar accumulator, borrowed for the loop (see `keep`).
    let acc_decl = match &s.target {
        Target::Scalar(acc) => {
            let place = acc.place();
            quote!(let __stride_acc = &mut #place;)
        }
        Target::Array { .. } => quote!(),
    };
    let keep: Vec<TokenStream> = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if i == 0 && target_is_array {
                quote!(&mut #v)
            } else {
                quote!(&#v)
            }
        })
        .chain(matches!(s.target, Target::Scalar(_)).then(|| quote!(&mut *__stride_acc)))
        .collect();
    // `max[…]` / `min[…]`: refused when a letter it lists has extent 0 and
    // the output has elements (a maximum of nothing has no value), else the
    // output starts at the type's lowest (highest) value. After the operands'
    // strides are checked (an error leaves the output as it was), before
    // the walk's pointers into it are taken.
    let extreme_start = match &s.extreme {
        None => quote!(),
        Some(e) => {
            let tl = match &s.target {
                Target::Array { letters, .. } => letters.len(),
                Target::Scalar(_) => 0,
            };
            let listed = e
                .letters
                .iter()
                .map(|x| Literal::usize_unsuffixed(s.letter(&x.name)));
            let (op, start) = match e.kind {
                ExtremeKind::Max => ("max", quote!(#k::lowest())),
                ExtremeKind::Min => ("min", quote!(#k::highest())),
            };
            let tl = Literal::usize_unsuffixed(tl);
            let set = match &s.target {
                Target::Scalar(acc) => {
                    let place = acc.place();
                    quote!(#place = #start;)
                }
                // Made filled.
                Target::Array { .. } if fresh_filled => quote!(),
                Target::Array { .. } => {
                    quote!(::stride::ViewBase::fill(&mut __stride_w, #start);)
                }
            };
            quote! {
                if __stride_ext[..#tl].iter().all(|&__stride_n| __stride_n > 0) {
                    for __stride_x in [#(#listed),*] {
                        if __stride_ext[__stride_x] == 0 {
                            break '__stride ::core::result::Result::Err(
                                ::stride::LayoutError::EmptyExtreme {
                                    op: #op,
                                    letter: __stride_names[__stride_x],
                                },
                            );
                        }
                    }
                }
                #set
            }
        }
    };
    let tail = if fresh {
        quote!(::core::result::Result::<_, ::stride::LayoutError>::Ok(
            __stride_new
        ))
    } else {
        quote!(::core::result::Result::<(), ::stride::LayoutError>::Ok(()))
    };
    let block = quote! {
        // A block, not a closure: the statement's own locals (a scalar
        // accumulator, captured values) stay locals the optimiser keeps in
        // registers (but for the long unit-stride loops, each behind a call
        // of its own: see `elementwise`).
        ('__stride: {
            use #k::{DotAny as _, DotLib as _, Operand as _, SumAny as _, SumLib as _};
            #(#checks)*
            #(#prelude)*
            #fresh_prelude
            #letters_box
            let __stride_ops = match '__stride_strides: {
                ::core::result::Result::Ok(::stride::kernel::Operands {
                    shape: __stride_ext,
                    strides: [#(#strides),*],
                    offsets: [#(#offsets),*],
                })
            } {
                ::core::result::Result::Ok(o) => o,
                ::core::result::Result::Err(e) => break '__stride ::core::result::Result::Err(#extent_err),
            };
            #extreme_start
            #stream_decl
            #(#bases)*
            // Every index of the letters' box is visited once, and every slot is
            // given the offset its layout reaches for that index (`strides_in`
            // maps letters to the slot's axes; a broadcast input axis has length
            // 1 and stride 0; the output never broadcasts): every pointer
            // dereferenced below is at an element of that slot's view, which was
            // validated against its buffer when the view was made. The output is
            // a unique mutable view, borrowed exclusively for this call; the
            // inputs are shared borrows of other operands, so no input aliases
            // the output except the output itself, read only at the element
            // being written, through a reference that is dead before the write.
            // A staged input's row is a scratch tile's, or (when the output is
            // written and not read) the output's own row, which the nest first
            // filled with that input's elements: read the same way, only at
            // the element being written, before the write.
            #acc_decl
            #run
            if __stride_stream_min != ::core::primitive::usize::MAX {
                ::stride::kernel::stream_fence();
            }
            // The operands' views (and a scalar accumulator's borrow) live to
            // here, past the loop that reads and writes through their
            // pointers: a right-hand side that names an operand mutably, moves
            // or drops one, or reads the accumulator is a borrow error.
            let _ = (#(#keep,)*);
            #tail
        })
    };
    if !fresh || fresh_filled {
        return block;
    }
    quote! {
        match #block {
            // The block's `Ok` comes after the nest (a scan: every row)
            // visited the letters' box, which is the new output's (every letter
            // is an output letter: checked): every element was written once.
            // SAFETY: as just said.
            ::core::result::Result::Ok(__stride_a) => ::core::result::Result::Ok(unsafe { __stride_a.assume_init() }),
            ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
        }
    }
}

/// `(letter, slot.shape()[axis])` for every axis of every slot: what
/// `extents` takes.
fn letter_uses(slot_letters: &[Vec<usize>], views: &[TokenStream]) -> Vec<TokenStream> {
    slot_letters
        .iter()
        .zip(views)
        .flat_map(|(ls, v)| {
            ls.iter().enumerate().map(move |(axis, &letter)| {
                let axis = Literal::usize_unsuffixed(axis);
                let letter = Literal::usize_unsuffixed(letter);
                quote!((#letter, ::stride::ViewBase::shape(&#v)[#axis]))
            })
        })
        .collect()
}

/// Whether the right-hand side is one access and nothing else (`a[[…]]`).
fn reads_one_access(s: &KernelStmt) -> bool {
    s.accesses.len() == 1 && s.rhs.to_string() == quote!((*__stride_in0)).to_string()
}

/// Whether the right-hand side is the product of two accesses and nothing else
/// (`a[[…]] * b[[…]]`, a dot product when reduced).
fn reads_a_product(s: &KernelStmt) -> bool {
    s.accesses.len() == 2
        && s.rhs.to_string() == quote!((*__stride_in0) * (*__stride_in1)).to_string()
}

/// For `out[[…]] = a[[…]]` (one input, read whole, its letters a permutation of
/// the output's, each once): the axes of `a` in the output's letter order.
fn plain_copy(s: &KernelStmt, slots: &[Vec<usize>], target_is_array: bool) -> Option<Vec<usize>> {
    let plain = target_is_array
        && s.scan.is_none()
        && s.extreme.is_none()
        && matches!(s.op, AssignOp::Set)
        && slots.len() == 2
        && reads_one_access(s);
    if !plain || slots[0].len() != slots[1].len() {
        return None;
    }
    slots[0]
        .iter()
        .map(|l| slots[1].iter().position(|x| x == l))
        .collect::<Option<Vec<_>>>()
        .filter(|axes| {
            let mut seen = vec![false; axes.len()];
            axes.iter()
                .all(|&a| !core::mem::replace(&mut seen[a], true))
        })
}

/// The inner loop over one run of the nest, in three forms: unit strides (the
/// compiler vectorises it), general strides (pointer steps), and a run that
/// reduces into one element (eight partial accumulators, combined at the end);
/// and a fourth walk, rows of the inputs folded eight at a time into one row
/// of the output (see `row_fold`).
struct Inner<'a> {
    s: &'a KernelStmt,
    access_slot: &'a [usize],
    n_slots: usize,
    /// The output is new: its elements are `MaybeUninit`, written once.
    fresh: bool,
    /// Unit-stride runs may stream (from `__stride_stream_min` on).
    streamable: bool,
}

/// How a loop reaches its slots' elements.
#[derive(Clone, Copy)]
enum Walk {
    /// `p.add(k)`: every stride is 1.
    Unit,
    /// The pointers themselves, stepped after each element.
    Step,
    /// `p.add(k)`, but for one input slot broadcast along the run (stride 0,
    /// as `a[[i]]` in an outer product), read at its pointer.
    UnitBut(usize),
}

/// Where a unit-stride elementwise loop runs.
#[derive(Clone, Copy)]
enum Call {
    /// Behind a call of its own (`apart`), where LLVM vectorises it.
    Apart,
    /// Inline when the run has at most `SMALL_BOX` elements (the flat path:
    /// a tensor's constant length then unrolls it), else as `Apart`.
    ApartUnlessShort,
    /// Inline (a run whose input is the output's own pointer).
    Inline,
}

impl Inner<'_> {
    fn ptr(slot: usize) -> syn::Ident {
        format_ident!("__stride_p{}", slot)
    }

    /// The element of `slot` at the loop's position.
    fn at(slot: usize, walk: Walk) -> TokenStream {
        let p = Self::ptr(slot);
        match walk {
            Walk::UnitBut(fixed) if fixed == slot => quote!(#p),
            Walk::Unit | Walk::UnitBut(_) => quote!(#p.add(__stride_k)),
            Walk::Step => quote!(#p),
        }
    }

    /// The right-hand side's value at the loop's position.
    fn value(&self, walk: Walk) -> TokenStream {
        let binds = self
            .s
            .accesses
            .iter()
            .zip(self.access_slot)
            .map(|(a, &slot)| {
                let ph = &a.placeholder;
                let at = Self::at(slot, walk);
                quote! {
                    // The element's pointer, in a local of this closure: the
                    // reference below borrows it, so the value cannot hold the
                    // element past its own computation.
                    // The position of an element of this slot's view
                    // (see above).
                    // SAFETY: as just said.
                    let __stride_e = ::stride::__private::kernel::ElemPtr::shared(unsafe { #at });
                    // An element of this slot's view; no mutable
                    // reference to it lives while this one does.
                    // SAFETY: as just said.
                    let #ph = unsafe { ::stride::__private::kernel::elem(&__stride_e) };
                }
            });
        let rhs = &self.s.rhs;
        // In a closure called at once (inlined): no control flow the parse
        // did not see (a macro's `return`, `?` or `continue`) can leave the
        // value and skip the element's write.
        if self.typed_value() {
            // Of the given output's element type, so that a value of another
            // type is one error at the right-hand side, not one per write of
            // the expansion spanning the whole macro.
            let p0 = Self::ptr(0);
            quote!(::stride::__private::kernel::valued(#p0, || { #(#binds)* #rhs }))
        } else {
            quote!((|| { #(#binds)* #rhs })())
        }
    }

    /// Whether each value is written as it is into a given output (`=`
    /// elementwise), so that it must be of the output's element type.
    fn typed_value(&self) -> bool {
        matches!(self.s.target, Target::Array { .. })
            && !self.fresh
            && self.s.op == AssignOp::Set
            && self.s.scan.is_none()
            && self.s.extreme.is_none()
    }

    /// Every pointer one stride on.
    fn step(&self) -> TokenStream {
        let steps = (0..self.n_slots).map(|i| {
            let (p, i) = (Self::ptr(i), Literal::usize_unsuffixed(i));
            quote!(#p = #p.wrapping_offset(__stride_st[#i]);)
        });
        quote!(#(#steps)*)
    }

    /// The value, then the pointers stepped (for the stepping walk).
    fn next_value(&self, walk: Walk) -> TokenStream {
        let v = self.value(walk);
        match walk {
            Walk::Unit | Walk::UnitBut(_) => v,
            Walk::Step => {
                let step = self.step();
                quote!({ let __stride_v = #v; #step __stride_v })
            }
        }
    }

    /// One loop writing each element of the run; `call` says where a
    /// unit-stride loop runs (see [`Call`]).
    fn elementwise(&self, walk: Walk, call: Call) -> TokenStream {
        let v = self.value(walk);
        let at = Self::at(0, walk);
        let update = self.update(&quote!(*__stride_o), &quote!(__stride_v));
        let (head, tail) = match walk {
            Walk::Unit | Walk::UnitBut(_) => (quote!(for __stride_k in 0..__stride_len), quote!()),
            Walk::Step => (quote!(for _ in 0..__stride_len), self.step()),
        };
        let v = if self.fresh {
            quote!(::core::mem::MaybeUninit::new(#v))
        } else {
            v
        };
        let body = quote! {
            {
                let __stride_v = #v;
                // An element of the output's view (see above); the
                // references the right-hand side read through are dead.
                // SAFETY: as just said.
                let __stride_o = unsafe { &mut *#at };
                #update
                #tail
            }
        };
        let plain = quote!(#head #body);
        // A unit-stride loop runs behind a call, its pointers and length the
        // call's arguments (see `apart`): inlined among the statement's other
        // loops, LLVM left it scalar. On the flat path a run of at most
        // `SMALL_BOX` elements stays inline, where a tensor's constant length
        // unrolls it (the test folds away for a constant).
        let plain = match (walk, call) {
            (Walk::Step, _) | (_, Call::Inline) => plain,
            (Walk::Unit | Walk::UnitBut(_), Call::Apart | Call::ApartUnlessShort) => {
                let ps: Vec<syn::Ident> = (0..self.n_slots).map(Self::ptr).collect();
                let p0 = Self::ptr(0);
                // The call runs the loop over `from..len` twice where it
                // aligns the output's stores (see `apart`).
                let apart = quote! {
                    ::stride::__private::kernel::apart(
                        #p0,
                        __stride_len,
                        (#(#ps,)*),
                        |(#(#ps,)*), __stride_from: ::core::primitive::usize, __stride_len: ::core::primitive::usize| {
                            let _ = (#(#ps,)*);
                            for __stride_k in __stride_from..__stride_len #body
                        },
                    );
                };
                if matches!(call, Call::ApartUnlessShort) {
                    quote! {
                        if __stride_len <= ::stride::__private::kernel::SMALL_BOX {
                            #plain
                        } else {
                            #apart
                        }
                    }
                } else {
                    apart
                }
            }
        };
        if !(self.streamable && matches!(walk, Walk::Unit)) {
            return plain;
        }
        let p0 = Self::ptr(0);
        quote! {
            if __stride_len >= __stride_stream_min {
                // Chunks of the run computed into an L1 buffer, then streamed.
                let __stride_fill = ::stride::__private::kernel::fill_for(#p0, |__stride_buf, __stride_k0: ::core::primitive::usize, __stride_n: ::core::primitive::usize| {
                    for __stride_t in 0..__stride_n {
                        let __stride_k = __stride_k0 + __stride_t;
                        let __stride_v = #v;
                        // SAFETY: `stream_run` asks for `__stride_n` values.
                        unsafe { __stride_buf.add(__stride_t).write(__stride_v) };
                    }
                });
                // The run's `__stride_len` output elements (unit stride)
                // are this call's to write, their type streams (a finite minimum);
                // the fill writes all `n` (its value cannot leave: see `value`).
                // SAFETY: as just said.
                unsafe { ::stride::kernel::stream_run(#p0, __stride_len, __stride_fill) };
            } else {
                #plain
            }
        }
    }

    /// The `i`-th of the run's next values: the unit walk indexes
    /// (`__stride_k + i`), the stepping walk steps in order.
    fn nth_value(&self, walk: Walk, i: usize) -> TokenStream {
        let next = self.next_value(walk);
        match walk {
            Walk::Unit | Walk::UnitBut(_) => {
                let i = Literal::usize_unsuffixed(i);
                quote!({
                    let __stride_k = __stride_k + #i;
                    #next
                })
            }
            Walk::Step => next,
        }
    }

    /// `step(part, value)` for each of `parts` in turn, `value` the run's
    /// next value `from + i` for the `i`-th part (see [`Self::nth_value`]).
    fn each_next(
        &self,
        walk: Walk,
        parts: &[syn::Ident],
        from: usize,
        step: impl Fn(&syn::Ident, TokenStream) -> TokenStream,
    ) -> Vec<TokenStream> {
        parts
            .iter()
            .enumerate()
            .map(|(i, a)| step(a, self.nth_value(walk, from + i)))
            .collect()
    }

    /// `place` updated with `value` (a statement): by the statement's
    /// operator, or by `max[…]` / `min[…]`'s step.
    fn update(&self, place: &TokenStream, value: &TokenStream) -> TokenStream {
        match &self.s.extreme {
            Some(e) => {
                let f = fold_of(e.kind);
                quote!(::stride::__private::kernel::#f(&mut #place, #value);)
            }
            None => {
                let o = assign_op(self.s.op);
                quote!(#place #o #value;)
            }
        }
    }

    /// `max[…]` / `min[…]` of the run into `acc`: eight partial extremes
    /// (the first eight values), each folded by NumPy's rule, combined
    /// pairwise at the end and folded into `acc` (`single`: the loop over
    /// what is left, one at a time). Any grouping gives the same value,
    /// a NaN's bits and the sign of a zero aside.
    fn extreme_partials(
        &self,
        acc: &TokenStream,
        walk: Walk,
        kind: ExtremeKind,
        single: &TokenStream,
    ) -> TokenStream {
        let f = fold_of(kind);
        let f = quote!(::stride::__private::kernel::#f);
        let parts = partials(0..8);
        // Every read is at `__stride_k + i`, `i < 8`, which each loop's
        // condition keeps below `__stride_len` (see `reduce_into_generic`).
        let firsts = self.each_next(walk, &parts, 0, |a, v| quote!(let mut #a = #v;));
        let rest = self.each_next(walk, &parts, 0, |a, v| quote!(#f(&mut #a, #v);));
        let [a0, a1, a2, a3, a4, a5, a6, a7] = &parts[..] else {
            unreachable!()
        };
        quote! {
            let mut __stride_k = 0usize;
            if __stride_len >= 8 {
                #(#firsts)*
                __stride_k = 8;
                while __stride_k + 8 <= __stride_len {
                    #(#rest)*
                    __stride_k += 8;
                }
                #f(&mut #a0, #a4);
                #f(&mut #a1, #a5);
                #f(&mut #a2, #a6);
                #f(&mut #a3, #a7);
                #f(&mut #a0, #a1);
                #f(&mut #a2, #a3);
                #f(&mut #a0, #a2);
                #f(&mut #acc, #a0);
            }
            #single
        }
    }

    /// The run reduced into `acc` (a place): with `+=`, `-=` and `*=`, eight
    /// partial results combined pairwise at the end (floating-point sums are
    /// reassociated, as the library's `sum` does); `/=` runs in order.
    fn reduce_into(&self, acc: &TokenStream, walk: Walk) -> TokenStream {
        let generic = self.reduce_into_generic(acc, walk);
        // `s += a[[…]]` over a unit-stride run of 16 or more: where the element
        // has a zero and an addition (every number), the library's sum, chosen
        // by the type at the call site; any other type, and shorter runs, run
        // the generic loop. (Short runs: a call per run of 2 measured 1.7x
        // slower than the loop; and under 8 elements the loop adds each one
        // into the target, as written, where a sum would add them in the
        // element's type first.)
        // `s += a[[…]] * b[[…]]` likewise: the library's dot product where
        // both elements are `f64` or `f32` (LLVM's code for the eight partial
        // sums of products was 0.99-1.13x of ndarray's `dot` from L2 for `f64`,
        // the library's is 0.79-1.01x; see `dot_slices`).
        // `max[…](a[[…]])` over a unit-stride run of 16 or more: the
        // library's extreme of the run (`f64` and `f32` in vector registers),
        // folded into `acc` by the same rule.
        // Any other right-hand side over a unit-stride run of 64 or more
        // (the library's vector loop's shortest; shorter runs measured slower
        // through the buffer, rows of 16-40 `f64` by 1.2-1.4x): its values a
        // chunk at a time into an L1 buffer, whose extreme the library takes
        // the same way.
        if let Some(e) = &self.s.extreme {
            if !matches!(walk, Walk::Unit) {
                return generic;
            }
            let max = matches!(e.kind, ExtremeKind::Max);
            if !reads_one_access(self.s) {
                let next = self.next_value(Walk::Unit);
                return quote! {
                    if __stride_len >= 64 {
                        // Called for `__stride_k < __stride_len` only (see
                        // `extreme_by_chunks`): positions of the run.
                        ::stride::__private::kernel::extreme_by_chunks(
                            &mut #acc,
                            __stride_len,
                            #max,
                            |__stride_k: ::core::primitive::usize| #next,
                        );
                    } else {
                        #generic
                    }
                };
            }
            let p = Self::ptr(self.access_slot[0]);
            let f = fold_of(e.kind);
            return quote! {
                if __stride_len >= 16 {
                    // From the slot's pointer, `__stride_len` (at least one)
                    // elements with unit stride: initialised elements of the
                    // slot's view, in its one buffer, which nothing writes
                    // during the call (a reduction does not read its own
                    // output: refused by the statement's checks).
                    // SAFETY: as just said.
                    let __stride_v = unsafe {
                        ::stride::kernel::extreme_of_unit_run(#p, __stride_len, #max)
                    };
                    ::stride::__private::kernel::#f(&mut #acc, __stride_v);
                } else {
                    #generic
                }
            };
        }
        let plain_add = matches!(walk, Walk::Unit) && matches!(self.s.op, AssignOp::Add);
        let probe = if plain_add && reads_one_access(self.s) {
            let p = Self::ptr(self.access_slot[0]);
            quote!((&::stride::__private::kernel::SumProbe(#p, __stride_len)).__stride_sum())
        } else if plain_add && reads_a_product(self.s) {
            let (p, q) = (
                Self::ptr(self.access_slot[0]),
                Self::ptr(self.access_slot[1]),
            );
            quote!((&::stride::__private::kernel::DotProbe(#p, #q, __stride_len)).__stride_dot())
        } else {
            return generic;
        };
        quote! {
            let __stride_lib = if __stride_len >= 16 {
                // From each slot's pointer, `__stride_len` elements with unit
                // stride (see above): initialised elements of the slot's view,
                // aligned and in its one buffer, which nothing writes during
                // the call (a reduction does not read its own output: refused
                // at expansion).
                // SAFETY: the probe's contract holds, as just said.
                unsafe { #probe }
            } else {
                ::core::option::Option::None
            };
            match __stride_lib {
                ::core::option::Option::Some(__stride_v) => #acc += __stride_v,
                ::core::option::Option::None => { #generic }
            }
        }
    }

    fn reduce_into_generic(&self, acc: &TokenStream, walk: Walk) -> TokenStream {
        let next = self.next_value(walk);
        let step = self.update(acc, &next);
        let single = quote! {
            while __stride_k < __stride_len {
                #step
                __stride_k += 1;
            }
        };
        if let Some(e) = &self.s.extreme {
            return self.extreme_partials(acc, walk, e.kind, &single);
        }
        let comb = match self.s.op {
            AssignOp::Add | AssignOp::Sub => Some((quote!(+), quote!(+=))),
            AssignOp::Mul => Some((quote!(*), quote!(*=))),
            AssignOp::Div | AssignOp::Set => None,
        };
        let Some((c, c_assign)) = comb else {
            return quote! {
                let mut __stride_k = 0usize;
                #single
            };
        };
        let parts = partials(0..8);
        let firsts = self.each_next(walk, &parts, 0, |a, v| quote!(let mut #a = #v;));
        let rest = self.each_next(walk, &parts, 0, |a, v| quote!(#a #c_assign #v;));
        let [a0, a1, a2, a3, a4, a5, a6, a7] = &parts[..] else {
            unreachable!()
        };
        let assign = assign_op(self.s.op);
        // Over unit strides, one- and two-byte partials and 4-byte integers get
        // sixteen of them in a loop the SLP vectoriser packs into whole vectors
        // (see `slp_barrier`), folded into the eight; the condition is a
        // constant once the type is known. Every read in these loops is at
        // `__stride_k + i` with `i < 16` (`i < 8` in `loop8` and for the first
        // eight extra partials), which each loop's condition keeps below
        // `__stride_len`: an element of the run, as the reads' SAFETY comment
        // requires.
        let loop8 = quote! {
            while __stride_k + 8 <= __stride_len {
                #(#rest)*
                __stride_k += 8;
            }
        };
        let loops = match walk {
            Walk::Unit | Walk::UnitBut(_) => {
                let more = partials(8..16);
                let more_firsts = self.each_next(walk, &more, 0, |b, v| quote!(let mut #b = #v;));
                let more_rest = self.each_next(walk, &more, 8, |b, v| quote!(#b #c_assign #v;));
                let fold = parts
                    .iter()
                    .zip(&more)
                    .map(|(a, b)| quote!(#a #c_assign #b;));
                quote! {
                    if ::stride::__private::kernel::narrow_partials(&#a0) {
                        if __stride_k + 8 <= __stride_len {
                            #(#more_firsts)*
                            __stride_k += 8;
                            while __stride_k + 16 <= __stride_len {
                                #(#rest)*
                                #(#more_rest)*
                                __stride_k += 16;
                                ::stride::__private::kernel::slp_barrier();
                            }
                            #(#fold)*
                        }
                        // At most one block of eight is left.
                        #loop8
                    } else {
                        #loop8
                    }
                }
            }
            Walk::Step => loop8,
        };
        quote! {
            let mut __stride_k = 0usize;
            if __stride_len >= 8 {
                #(#firsts)*
                __stride_k = 8;
                #loops
                #acc #assign ((#a0 #c #a4) #c (#a1 #c #a5)) #c ((#a2 #c #a6) #c (#a3 #c #a7));
            }
            #single
        }
    }

    /// The whole statement as one unit-stride loop over `__stride_len`
    /// elements from each slot's first (the flat path).
    fn flat_body(&self) -> TokenStream {
        match &self.s.target {
            Target::Scalar(_) => self.reduce_into(&quote!((*__stride_acc)), Walk::Unit),
            Target::Array { .. } => self.elementwise(Walk::Unit, Call::ApartUnlessShort),
        }
    }

    /// A scan along letter `axis`: the library's scan engine, the right-hand
    /// side as its value at each slot's offsets (built outside any `unsafe`).
    fn scan(&self, axis: usize, kind: ScanKind) -> TokenStream {
        let axis = Literal::usize_unsuffixed(axis);
        let binds = self
            .s
            .accesses
            .iter()
            .zip(self.access_slot)
            .map(|(a, &slot)| {
                let ph = &a.placeholder;
                let (b, slot) = (
                    format_ident!("__stride_b{}", slot),
                    Literal::usize_unsuffixed(slot),
                );
                quote! {
                    // The element's pointer, in a local of this closure (as
                    // for the other forms).
                    // SAFETY: an offset this slot's layout reaches (see above).
                    let __stride_e = ::stride::__private::kernel::ElemPtr::shared(unsafe {
                        #b.offset(__stride_at[#slot])
                    });
                    // An element of this slot's view; no mutable
                    // reference to it lives while this one does.
                    // SAFETY: as just said.
                    let #ph = unsafe { ::stride::__private::kernel::elem(&__stride_e) };
                }
            });
        let rhs = &self.s.rhs;
        let step = match kind {
            ScanKind::Sum => quote!(|__stride_x, __stride_y| __stride_x + __stride_y),
            ScanKind::Prod => quote!(|__stride_x, __stride_y| __stride_x * __stride_y),
        };
        let bases: Vec<_> = (0..self.n_slots)
            .map(|i| format_ident!("__stride_b{}", i))
            .collect();
        // A new output's `MaybeUninit`s, written as the scan's values.
        let out = if self.fresh {
            quote!(::stride::__private::kernel::init_ptr(__stride_b0))
        } else {
            quote!(__stride_b0)
        };
        quote! {
            // The bases are the closure's argument, not captures (see
            // `scan_rows`); the closure is built outside any `unsafe`.
            let __stride_bases = (#(#bases,)*);
            #[allow(unused_variables)]
            let __stride_value = ::stride::__private::kernel::scan_value(
                &__stride_bases,
                |(#(#bases,)*), __stride_at: [::core::primitive::isize; _]| {
                    #(#binds)*
                    #rhs
                },
            );
            // `scan_rows` visits the offsets the slots' layouts reach
            // (see above); slot 0 is the output.
            // SAFETY: as just said.
            unsafe {
                ::stride::kernel::scan_rows(
                    &__stride_ops,
                    #axis,
                    #out,
                    __stride_bases,
                    __stride_value,
                    #step,
                );
            }
        }
    }

    /// A box of at most `SMALL_BOX` elements: no plan (which costs more than
    /// the work: 62 against 17 ns for `out = a + b.T` on 4x4 arrays), the
    /// letters in order with the last one as the run, each position stepped
    /// through (all of it in L1). Over tensors, whose extents and strides are
    /// constants, the compiler unrolls it in full. One copy of the stepping
    /// loop, never one per element.
    fn small(&self, l: usize, starts: &[TokenStream]) -> TokenStream {
        let n = self.n_slots;
        let (len, st) = if l == 0 {
            let zeros = (0..n).map(|_| quote!(0));
            (quote!(1), quote!([#(#zeros),*]))
        } else {
            let last = Literal::usize_unsuffixed(l - 1);
            let st = (0..n).map(|i| {
                let i = Literal::usize_unsuffixed(i);
                quote!(__stride_ops.strides[#i][#last])
            });
            (quote!(__stride_ext[#last]), quote!([#(#st),*]))
        };
        let outer: Vec<_> = (0..l.saturating_sub(1))
            .map(|x| {
                (
                    format_ident!("__stride_i{}", x),
                    Literal::usize_unsuffixed(x),
                )
            })
            .collect();
        let offs = (0..n).map(|i| {
            let i = Literal::usize_unsuffixed(i);
            let terms = outer.iter().map(|(ix, x)| {
                quote!(.wrapping_add((#ix as ::core::primitive::isize).wrapping_mul(__stride_ops.strides[#i][#x])))
            });
            quote!((__stride_ops.offsets[#i] as ::core::primitive::isize) #(#terms)*)
        });
        let body = match &self.s.target {
            Target::Scalar(_) => self.reduce_into(&quote!((*__stride_acc)), Walk::Step),
            Target::Array { .. } => self.elementwise(Walk::Step, Call::Inline),
        };
        let mut run = quote! {
            let __stride_off: [::core::primitive::isize; #n] = [#(#offs),*];
            #(#starts)*
            #body
        };
        for (ix, x) in outer.iter().rev() {
            run = quote!(for #ix in 0..__stride_ext[#x] { #run });
        }
        quote! {
            let __stride_sp: ::core::option::Option<(::core::primitive::usize, *const u8)> =
                ::core::option::Option::None;
            let __stride_len: ::core::primitive::usize = #len;
            let __stride_st: [::core::primitive::isize; #n] = #st;
            #run
        }
    }

    /// Whether every stride of the run is 1.
    fn unit(&self) -> TokenStream {
        let conds = (0..self.n_slots).map(|i| {
            let i = Literal::usize_unsuffixed(i);
            quote!(__stride_st[#i] == 1)
        });
        quote!(#(#conds)&&*)
    }

    /// A reduction into an array whose nest folds rows of the inputs into
    /// one row of the output (`cols[[j]] += a[[i, j]]` over a C array: see
    /// `Nest::row_fold`): each plane's rows eight at a time when the output
    /// row has `ROW_FOLD_BYTES` or more, the output's element updated by each
    /// of the eight rows' values in turn (the same updates in the same order
    /// as row by row, in a local written back once: `__private::kernel::Held`),
    /// so that the output row is loaded and stored once per eight
    /// input rows and eight streams are read at once; shorter rows, and the
    /// rows left over, one at a time in the same walk (a unit-stride loop per
    /// row); every other nest as `walk` (the general walk) does. Measured
    /// against the library's `sum_axis(0)` (a probe, medians of 11-51 calls,
    /// two rounds): 0.85-1.00x at 100000 x 40 `f64` (the general walk,
    /// before: 1.37-1.62x), 0.98-1.00x at 1000 x 1000 (eight stores per
    /// element before: 1.32-1.35x), 1.00-1.01x at 4000 x 4000.
    fn row_fold(&self, walk: TokenStream) -> TokenStream {
        let update = self.update(&quote!(*__stride_acc), &quote!(__stride_v));
        let inputs: Vec<usize> = (1..self.n_slots).collect();
        let ps: Vec<syn::Ident> = inputs.iter().map(|&i| Self::ptr(i)).collect();
        let arrays: Vec<syn::Ident> = inputs
            .iter()
            .map(|&i| format_ident!("__stride_eight{}", i))
            .collect();
        let lits: Vec<Literal> = inputs
            .iter()
            .map(|&i| Literal::usize_unsuffixed(i))
            .collect();
        let v = self.value(Walk::Unit);
        let in_acc = (0..8usize).map(|q| {
            let q = Literal::usize_unsuffixed(q);
            quote! {{
                #(let #ps = #arrays[#q];)*
                let __stride_v = #v;
                #update
            }}
        });
        let one_row = self.elementwise(Walk::Unit, Call::Apart);
        // The vector loop's columns start at a 32-byte boundary of the first
        // input's rows, which it loads eight of per store (see `apart_wide`).
        let align_by = match arrays.first() {
            Some(a) => quote!(#a[0]),
            None => quote!(__stride_p0),
        };
        let starts = (0..self.n_slots).map(|i| {
            let (p, b, il) = (
                Self::ptr(i),
                format_ident!("__stride_b{}", i),
                Literal::usize_unsuffixed(i),
            );
            quote! {
                let mut #p = #b.wrapping_offset(
                    __stride_first[#il] + __stride_t * __stride_apart[#il],
                );
            }
        });
        quote! {
            if let ::core::option::Option::Some((__stride_outer, __stride_len, __stride_nrows, __stride_rs)) =
                ::stride::kernel::Nest::row_fold(&__stride_nest)
            {
                // Eight rows at a time from `ROW_FOLD_BYTES` of output row on
                // (as the library's axis reductions), else one at a time,
                // but still in this walk: rows of the plane one after
                // another, no iterator between them (the general walk
                // took 1.5x the library's time at 100000 x 40 `f64`).
                let __stride_eights = ::stride::kernel::folds_eight_rows(
                    __stride_len,
                    ::stride::__private::kernel::elem_size(__stride_b0),
                );
                // Every plane starts at an element of the nest; its rows are
                // the nest's elements in the nest's order, each of
                // `__stride_len` elements with unit stride for every slot.
                for (__stride_first, __stride_planes, __stride_apart) in
                    ::stride::kernel::Nest::run_iter(&__stride_outer)
                {
                    for __stride_t in 0..__stride_planes as ::core::primitive::isize {
                        #(#starts)*
                        let mut __stride_q = 0usize;
                        while __stride_eights && __stride_q + 8 <= __stride_nrows {
                            // Each input's next eight rows (rows of the plane).
                            #(
                                let #arrays: [_; 8] = ::core::array::from_fn(|__stride_r| {
                                    #ps.wrapping_offset(__stride_r as ::core::primitive::isize * __stride_rs[#lits])
                                });
                            )*
                            ::stride::__private::kernel::apart_wide(
                                #align_by,
                                __stride_len,
                                (__stride_p0, #(#arrays,)*),
                                |(__stride_p0, #(#arrays,)*), __stride_from: ::core::primitive::usize, __stride_len: ::core::primitive::usize| {
                                    for __stride_k in __stride_from..__stride_len {
                                        // The element of the output's view at
                                        // this position (see above), moved
                                        // into a local for the eight updates
                                        // and written back when the local is
                                        // dropped, also if the right-hand
                                        // side panics (`Held`): the same
                                        // updates in the same order, and the
                                        // element left as updates in place
                                        // would leave it; a reduction does
                                        // not read its output, and nothing
                                        // else touches the element meanwhile.
                                        // SAFETY: as just said.
                                        let mut __stride_acc = unsafe {
                                            ::stride::__private::kernel::hold(__stride_p0.add(__stride_k))
                                        };
                                        #(#in_acc)*
                                    }
                                },
                            );
                            #(#ps = #ps.wrapping_offset(8 * __stride_rs[#lits]);)*
                            __stride_q += 8;
                        }
                        while __stride_q < __stride_nrows {
                            #one_row
                            #(#ps = #ps.wrapping_offset(__stride_rs[#lits]);)*
                            __stride_q += 1;
                        }
                    }
                }
            } else {
                #walk
            }
        }
    }

    /// The body run once per run of the nest.
    fn run_body(&self, target_is_array: bool) -> TokenStream {
        let unit = self.unit();
        match &self.s.target {
            Target::Scalar(_) => {
                let acc = quote!((*__stride_acc));
                let (u, g) = (
                    self.reduce_into(&acc, Walk::Unit),
                    self.reduce_into(&acc, Walk::Step),
                );
                quote! {
                    if #unit {
                        // SAFETY: see above; unit strides.
                        #u
                    } else {
                        #g
                    }
                }
            }
            Target::Array { .. } => {
                debug_assert!(target_is_array);
                let (u, g) = (
                    self.elementwise(Walk::Unit, Call::Apart),
                    self.elementwise(Walk::Step, Call::Inline),
                );
                // One input broadcast along the run and every other slot unit
                // (an outer product's runs): an indexed loop the compiler
                // vectorises, the broadcast element read in place. One loop per
                // input slot that is not the output.
                let but = (1..self.n_slots).map(|f| {
                    let conds = (0..self.n_slots).map(|i| {
                        let (il, want) = (
                            Literal::usize_unsuffixed(i),
                            Literal::isize_unsuffixed(isize::from(i != f)),
                        );
                        quote!(__stride_st[#il] == #want)
                    });
                    let body = self.elementwise(Walk::UnitBut(f), Call::Apart);
                    quote!(else if #(#conds)&&* { #body })
                });
                let elementwise = quote! {
                    if #unit { #u } #(#but)* else { #g }
                };
                if !self.s.is_reduction() {
                    return elementwise;
                }
                // The output fixed along the run: reduce the run into it.
                let acc = quote!(*__stride_o);
                let unit_in = (1..self.n_slots).map(|i| {
                    let i = Literal::usize_unsuffixed(i);
                    quote!(__stride_st[#i] == 1)
                });
                let (u, g) = (
                    self.reduce_into(&acc, Walk::Unit),
                    self.reduce_into(&acc, Walk::Step),
                );
                quote! {
                    if __stride_st[0] == 0 {
                        // An element of the output's view (see above); a
                        // reduction does not read its output.
                        // SAFETY: as just said.
                        let __stride_o = unsafe { &mut *__stride_p0 };
                        if true #(&& #unit_in)* { #u } else { #g }
                    } else {
                        #elementwise
                    }
                }
            }
        }
    }
}

/// The type checker's part, for tensors over static layouts (their lengths
/// are in their types): every input axis a letter indexes is checked against
/// the output's axis of that letter when the output's length is static (it
/// never broadcasts), else against the letter's first input (length 1
/// broadcasts). One check per input axis, spanned at that input, where its
/// error shows.
fn static_checks(
    slot_ops: &[syn::Ident],
    slot_letters: &[Vec<usize>],
    target_is_array: bool,
    k: &TokenStream,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let n_letters = slot_letters.iter().flatten().max().map_or(0, |m| m + 1);
    for letter in 0..n_letters {
        // (slot, axis) of each use, the output's first.
        let uses: Vec<(usize, usize)> = slot_letters
            .iter()
            .enumerate()
            .flat_map(|(slot, ls)| {
                ls.iter()
                    .enumerate()
                    .filter(move |(_, l)| **l == letter)
                    .map(move |(axis, _)| (slot, axis))
            })
            .collect();
        let output = uses
            .iter()
            .find(|(slot, _)| *slot == 0 && target_is_array)
            .copied();
        let inputs: Vec<(usize, usize)> = uses
            .iter()
            .filter(|(slot, _)| !(*slot == 0 && target_is_array))
            .copied()
            .collect();
        let Some(&first) = inputs.first() else {
            continue;
        };
        for &(sb, kb) in &inputs {
            let b = &slot_ops[sb];
            let span = b.span();
            let kb = Literal::usize_unsuffixed(kb);
            let (sf, kf) = (&slot_ops[first.0], Literal::usize_unsuffixed(first.1));
            let check = match output {
                Some((so, ko)) => {
                    let (o, ko) = (&slot_ops[so], Literal::usize_unsuffixed(ko));
                    quote_spanned! {span=>
                        let __stride_o = &#o;
                        let __stride_f = &#sf;
                        #k::consistent::<#ko, #kf, #kb, _, _, _>(__stride_o, __stride_f, &#b);
                    }
                }
                None if (sb, kb.to_string()) != (first.0, first.1.to_string()) => {
                    quote_spanned! {span=>
                        let __stride_f = &#sf;
                        #k::agree::<#kf, #kb, _, _>(__stride_f, &#b);
                    }
                }
                None => continue,
            };
            out.push(quote!({ #check }));
        }
    }
    out
}

/// The names of a reduction's partial results `range`.
fn partials(range: core::ops::Range<usize>) -> Vec<syn::Ident> {
    range.map(|i| format_ident!("__stride_a{}", i)).collect()
}

/// The step function of `max[…]` / `min[…]` in `__private::kernel`.
fn fold_of(kind: ExtremeKind) -> syn::Ident {
    match kind {
        ExtremeKind::Max => format_ident!("fold_max"),
        ExtremeKind::Min => format_ident!("fold_min"),
    }
}

fn assign_op(op: AssignOp) -> TokenStream {
    match op {
        AssignOp::Set => quote!(=),
        AssignOp::Add => quote!(+=),
        AssignOp::Sub => quote!(-=),
        AssignOp::Mul => quote!(*=),
        AssignOp::Div => quote!(/=),
    }
}
