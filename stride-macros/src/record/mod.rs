//! `#[derive(Record)]`: a `#[repr(C)]` struct as a NumPy structured dtype, with a
//! field descriptor per field for zero-copy field views, and `fields_mut` for
//! mutable views of every field at once. Parse and check here (a struct is
//! Rust syntax, not the layout language), then expand.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Fields, Type};

/// One field, checked.
struct FieldSpec {
    /// The name NumPy sees (`f0`, `f1`, ... for a tuple struct).
    name: String,
    /// How `offset_of!` and `.` reach it.
    member: TokenStream,
    /// Its name in the generated field structs (as written, `r#type` too; `f0`,
    /// `f1`, ... for a tuple struct).
    ident: syn::Ident,
    /// The field's Rust type.
    ty: Type,
    /// The element type a view of it has (innermost array element).
    elem: Type,
    /// The array lengths around the element, outermost first.
    lens: Vec<syn::Expr>,
    /// A `[char; N]` innermost: NumPy's `U{N}` string.
    unicode: bool,
    span: Span,
}

/// The macro.
pub fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    match check(&input) {
        Ok(fields) => expand(&input, &fields),
        Err(e) => e.to_compile_error(),
    }
}

/// The repr must be `C` (alignment allowed), never `packed`.
fn check_repr(input: &DeriveInput) -> Result<(), Error> {
    let mut c = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("repr")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                c = true;
            } else if meta.path.is_ident("packed") {
                return Err(Error::new(
                    meta.path.span(),
                    "`Record` cannot describe a `#[repr(packed)]` struct: its fields may be \
                     unaligned, and a view of them would read misaligned values",
                ));
            }
            if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
            }
            Ok(())
        })?;
    }
    if c {
        Ok(())
    } else {
        Err(Error::new(
            input.ident.span(),
            format!(
                "`Record` needs `#[repr(C)]` on `{}`: without it Rust may reorder the fields, \
                 and no NumPy dtype could describe the memory",
                input.ident
            ),
        ))
    }
}

fn check(input: &DeriveInput) -> Result<Vec<FieldSpec>, Error> {
    let data = match &input.data {
        Data::Struct(s) => s,
        _ => {
            return Err(Error::new(
                input.ident.span(),
                "`Record` describes a struct; enums and unions have no NumPy dtype",
            ));
        }
    };
    if !input.generics.params.is_empty() {
        return Err(Error::new(
            input.generics.span(),
            "`Record` needs a struct without generic parameters",
        ));
    }
    check_repr(input)?;
    let fields = match &data.fields {
        Fields::Named(f) => &f.named,
        Fields::Unnamed(f) => &f.unnamed,
        Fields::Unit => {
            return Err(Error::new(
                input.ident.span(),
                "`Record` needs at least one field",
            ));
        }
    };
    Ok(fields
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let (name, member, ident) = match &f.ident {
                Some(id) => {
                    let n = id.to_string();
                    (
                        n.strip_prefix("r#").unwrap_or(&n).to_owned(),
                        quote!(#id),
                        id.clone(),
                    )
                }
                None => {
                    let idx = syn::Index::from(k);
                    (format!("f{k}"), quote!(#idx), format_ident!("f{}", k))
                }
            };
            let mut elem = f.ty.clone();
            let mut lens = Vec::new();
            while let Type::Array(a) = elem {
                lens.push(a.len.clone());
                elem = *a.elem;
            }
            let unicode =
                !lens.is_empty() && matches!(&elem, Type::Path(p) if p.path.is_ident("char"));
            FieldSpec {
                name,
                member,
                ident,
                ty: f.ty.clone(),
                elem,
                lens,
                unicode,
                span: f.ty.span(),
            }
        })
        .collect())
}

fn expand(input: &DeriveInput, fields: &[FieldSpec]) -> TokenStream {
    let name = &input.ident;
    let vis = &input.vis;
    let fields_ty = format_ident!("{}Fields", name);
    let fields_mut_ty = format_ident!("{}FieldsMut", name);

    let descs = fields.iter().map(|f| {
        let (n, m, ty) = (&f.name, &f.member, &f.ty);
        let dtype = if f.unicode {
            let (outer, last) = f.lens.split_at(f.lens.len() - 1);
            let last = &last[0];
            if outer.is_empty() {
                quote!(::stride::DTypeDesc::unicode(#last))
            } else {
                quote! {
                    ::stride::DTypeDesc::Subarray {
                        base: ::std::boxed::Box::new(::stride::DTypeDesc::unicode(#last)),
                        shape: ::std::vec![#(#outer),*],
                    }
                }
            }
        } else {
            quote_spanned!(f.span=> <#ty as ::stride::DType>::dtype())
        };
        quote! {
            ::stride::FieldDesc {
                name: ::std::string::String::from(#n),
                offset: ::core::mem::offset_of!(#name, #m),
                dtype: #dtype,
            }
        }
    });

    let field_types: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let (e, d) = (&f.elem, f.lens.len());
            quote!(::stride::Field<#name, #e, #d>)
        })
        .collect();
    let field_names: Vec<syn::Ident> = fields.iter().map(|f| f.ident.clone()).collect();
    let field_values = fields.iter().map(|f| {
        let (m, lens) = (&f.member, &f.lens);
        quote! {
            // SAFETY: the member is a field of the struct at this offset, of type
            // `[…[elem; lens[D-1]]…; lens[0]]`: `Field::new`'s contract.
            unsafe { ::stride::Field::new(::core::mem::offset_of!(#name, #m), [#((#lens) as ::core::primitive::usize),*]) }
        }
    });

    // One rank parameter per number of trailing axes a field adds (R for
    // scalars, R1 for `[T; N]`, R2 for `[[T; N]; M]`, ...).
    let mut depths: Vec<usize> = fields.iter().map(|f| f.lens.len()).collect();
    depths.sort_unstable();
    depths.dedup();
    let rank_of = |d: usize| {
        if d == 0 {
            format_ident!("R")
        } else {
            format_ident!("R{}", d)
        }
    };
    let extra: Vec<syn::Ident> = depths
        .iter()
        .filter(|&&d| d > 0)
        .map(|&d| rank_of(d))
        .collect();
    let bounds = depths.iter().map(|&d| {
        let q = rank_of(d);
        quote!(::stride::Rank<R>: ::stride::RankAdd<::stride::Rank<#d>, Output = ::stride::Rank<#q>>)
    });
    let mut_types = fields.iter().map(|f| {
        let (e, q) = (&f.elem, rank_of(f.lens.len()));
        quote!(::stride::ViewMut<'a, #e, #q>)
    });
    let mut_values = field_names.iter().map(|n| {
        quote! {
            // SAFETY: each field is handed out once, and the fields of a
            // `#[repr(C)]` struct occupy disjoint bytes.
            #n: unsafe { view.field_mut_unchecked(Self::FIELDS.#n)? }
        }
    });
    let fields_doc = format!(
        "The fields of [`{name}`], for zero-copy field views: `view.field({name}::FIELDS.<field>)`."
    );
    let fields_mut_doc = format!(
        "Mutable views of every field of an array of [`{name}`] at once (from [`{name}::fields_mut`])."
    );
    let field_docs = fields.iter().map(|f| {
        format!(
            "Field `{}`: `{}`{}.",
            f.name,
            {
                let e = &f.elem;
                quote!(#e).to_string()
            },
            if f.lens.is_empty() {
                String::new()
            } else {
                format!(
                    " with {} trailing ax{}",
                    f.lens.len(),
                    if f.lens.len() == 1 { "is" } else { "es" }
                )
            }
        )
    });
    let field_docs2 = field_docs.clone();
    quote! {
        impl ::stride::DType for #name {
            fn dtype() -> ::stride::DTypeDesc {
                ::stride::DTypeDesc::Struct {
                    fields: ::std::vec![#(#descs),*],
                    itemsize: ::core::mem::size_of::<#name>(),
                }
            }
        }

        impl ::stride::Record for #name {}

        #[doc = #fields_doc]
        #[derive(Clone, Copy, Debug)]
        #vis struct #fields_ty {
            #(#[doc = #field_docs] pub #field_names: #field_types,)*
        }

        #[doc = #fields_mut_doc]
        #vis struct #fields_mut_ty<'a, const R: ::core::primitive::usize, #(const #extra: ::core::primitive::usize),*> {
            #(#[doc = #field_docs2] pub #field_names: #mut_types,)*
        }

        impl #name {
            /// The field descriptors.
            pub const FIELDS: #fields_ty = #fields_ty {
                #(#field_names: #field_values,)*
            };

            /// Mutable views of every field of `view` at once, zero-copy.
            pub fn fields_mut<'a, const R: ::core::primitive::usize, #(const #extra: ::core::primitive::usize,)* O: ::stride::OrderMarker>(
                view: ::stride::ViewMut<'a, #name, R, O>,
            ) -> ::core::result::Result<#fields_mut_ty<'a, R, #(#extra),*>, ::stride::LayoutError>
            where
                #(#bounds,)*
            {
                let mut view = view;
                ::core::result::Result::Ok(#fields_mut_ty {
                    #(#mut_values,)*
                })
            }
        }
    }
}
