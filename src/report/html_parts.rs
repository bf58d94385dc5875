//! The parts every HTML report page shares: the stylesheet, escaping, and the section of
//! figures inlined as SVG. No script, external stylesheet, font or image: a page opens in any
//! browser from any folder.

use std::fmt::Write;

use super::plots::FigureFile;

/// The stylesheet of every page.
pub(crate) const STYLE: &str =
    "body{font-family:sans-serif;margin:2em auto;max-width:1250px;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}\
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}\
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}\
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto;border:1px solid #ddd}\
.note{color:#666;font-size:.9em}";

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The "Plots" section: every figure inlined as SVG with a caption naming its files. HTML5
/// parses inline SVG without the namespace declaration; dropping it keeps the page free of any
/// URL.
pub(crate) fn figures_section(h: &mut String, figures: &[FigureFile]) {
    let e = escape_html;
    h.push_str("<h2>Plots</h2>\n");
    for f in figures {
        let svg = f
            .svg
            .find("<svg")
            .map_or(f.svg.as_str(), |start| &f.svg[start..])
            .replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1);
        let _ = writeln!(
            h,
            "<figure id=\"{}\">\n{svg}\n<figcaption>{} (plots/{}.png, plots/{}.svg)</figcaption>\n</figure>",
            e(&f.name),
            e(&f.title),
            e(&f.name),
            e(&f.name)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html(r#"<a href="x">R&D's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
    }
}
