//! TLE and 3LE text: CelesTrak catalogue files and inline line pairs.
//!
//! Format: Space-Track / CelesTrak two-line element sets, 69 columns, column 69 the modulo-10
//! checksum of the first 68 columns (digits count their value, `-` counts 1, all else 0).
//! Catalogue numbers may be Alpha-5 (`A0000` = 100000: the letter A–Z without I and O stands
//! for 10–33). The field parsing itself is the `sgp4` crate's `Elements::from_tle`; this file
//! adds what a catalogue reader needs around it: name lines (with or without the `0 ` prefix
//! of the 3LE format), CRLF, blank and `#` comment lines, extra columns after column 69
//! (Vallado's verification file), and errors located by file and 1-based line.

use std::path::Path;

use super::{Satellite, SGP4_XP_REFUSED};
use crate::error::{Error, Result};

/// Length of a TLE line.
const TLE_COLUMNS: usize = 69;

/// The fields of both lines, by the 0-based column range the `sgp4` crate reports.
const FIELDS: [(u8, usize, &str); 20] = [
    (1, 2, "catalogue number"),
    (1, 7, "classification"),
    (1, 9, "international designator (launch year)"),
    (1, 11, "international designator (piece)"),
    (1, 18, "epoch year"),
    (1, 20, "epoch day of year"),
    (1, 33, "first derivative of the mean motion"),
    (1, 44, "second derivative of the mean motion"),
    (1, 50, "second derivative of the mean motion (exponent)"),
    (1, 53, "BSTAR drag term"),
    (1, 59, "BSTAR drag term (exponent)"),
    (1, 62, "ephemeris type"),
    (1, 64, "element set number"),
    (2, 2, "catalogue number"),
    (2, 8, "inclination"),
    (2, 17, "right ascension of the ascending node"),
    (2, 26, "eccentricity"),
    (2, 34, "argument of perigee"),
    (2, 43, "mean anomaly"),
    (2, 52, "mean motion"),
];

/// A line of the input with its 1-based number.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: usize,
    text: &'a str,
}

/// Parses TLE / 3LE text (a CelesTrak catalogue file) into satellites, in file order.
///
/// Name lines are optional (2LE or 3LE, `0 NAME` or `NAME`); blank lines and lines starting
/// with `#` are skipped; line endings may be CRLF; a line may carry extra columns after column
/// 69 if column 70 is blank. `source_name` (the file name) prefixes every error, with the
/// 1-based line and what is wrong.
pub fn parse_tle(text: &str, source_name: &str) -> Result<Vec<Satellite>> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.trim_end(),
        })
        .filter(|l| !l.text.is_empty() && !l.text.starts_with('#'));
    let mut satellites = Vec::new();
    let mut name: Option<Line> = None;
    while let Some(line) = lines.next() {
        if is_tle_line(line.text, b'1') {
            let line2 = match lines.next() {
                Some(l) if is_tle_line(l.text, b'2') => l,
                Some(l) => {
                    let reason = format!(
                        "expected line 2 of the element set whose line 1 is line {}, found {:?}",
                        line.number, l.text
                    );
                    return Err(elements_error(source_name, l.number, reason));
                }
                None => {
                    let reason = "line 1 is not followed by a line 2 (end of input)".to_string();
                    return Err(elements_error(source_name, line.number, reason));
                }
            };
            let name = name
                .take()
                .map(|n| n.text.strip_prefix("0 ").unwrap_or(n.text).trim());
            satellites.push(parse_pair(name, line, line2, source_name)?);
        } else if is_tle_line(line.text, b'2') {
            let reason = "line 2 without a line 1 before it".to_string();
            return Err(elements_error(source_name, line.number, reason));
        } else if let Some(previous) = name.replace(line) {
            let reason = format!(
                "name line {:?} (line {}) is followed by {:?}, not by a TLE line 1",
                previous.text, previous.number, line.text
            );
            return Err(elements_error(source_name, line.number, reason));
        }
    }
    if let Some(n) = name {
        let reason = format!("name line {:?} is not followed by a TLE line 1", n.text);
        return Err(elements_error(source_name, n.number, reason));
    }
    Ok(satellites)
}

/// Reads and parses a TLE / 3LE file (see [`parse_tle`]); errors name the file and line.
pub fn read_tle_file(path: impl AsRef<Path>) -> Result<Vec<Satellite>> {
    let path = path.as_ref();
    let source_name = path.display().to_string();
    let text = crate::input::read_input_text(path)?;
    parse_tle(&text, &source_name)
}

/// One satellite from an inline pair of TLE lines (e.g. `tle = ["1 …", "2 …"]` in a scenario).
/// An empty `name` becomes `NORAD <id>`. Errors say `inline TLE, line 1|2`.
pub fn from_tle_lines(name: &str, line1: &str, line2: &str) -> Result<Satellite> {
    let name = Some(name.trim()).filter(|n| !n.is_empty());
    let line1 = Line {
        number: 1,
        text: line1.trim_end(),
    };
    let line2 = Line {
        number: 2,
        text: line2.trim_end(),
    };
    parse_pair(name, line1, line2, "inline TLE")
}

/// The satellites whose NORAD id is in `norad_ids`, in input order (an id present several
/// times in the input is returned each time). Ids not found are an error naming them and the
/// source file.
pub fn select_norad(satellites: &[Satellite], norad_ids: &[u64]) -> Result<Vec<Satellite>> {
    let missing: Vec<String> = norad_ids
        .iter()
        .filter(|id| !satellites.iter().any(|s| s.norad_id == Some(**id)))
        .map(u64::to_string)
        .collect();
    if !missing.is_empty() {
        let mut sources: Vec<&str> = satellites.iter().map(|s| s.source.as_str()).collect();
        sources.dedup();
        let given: Vec<String> = norad_ids.iter().map(u64::to_string).collect();
        let allowed = match sources.as_slice() {
            [] => "ids of the given element sets (there are none)".to_string(),
            s => format!(
                "ids present in {} ({} element sets); not there: {}",
                s.join(", "),
                satellites.len(),
                missing.join(", ")
            ),
        };
        return Err(Error::invalid(
            "norad_ids",
            format!("[{}]", given.join(", ")),
            allowed,
        ));
    }
    Ok(satellites
        .iter()
        .filter(|s| s.norad_id.is_some_and(|id| norad_ids.contains(&id)))
        .cloned()
        .collect())
}

/// Whether a line is TLE line `digit`: that digit, then a blank (or nothing).
fn is_tle_line(text: &str, digit: u8) -> bool {
    let b = text.as_bytes();
    b.first() == Some(&digit) && b.get(1).is_none_or(|c| *c == b' ')
}

fn elements_error(source_name: &str, line: usize, reason: String) -> Error {
    Error::Elements {
        source_name: source_name.to_string(),
        line,
        reason,
    }
}

/// Checks and parses one element set (`line1`, `line2` already known to start with 1 and 2).
fn parse_pair(
    name: Option<&str>,
    line1: Line,
    line2: Line,
    source_name: &str,
) -> Result<Satellite> {
    let error = |line: Line, reason: String| elements_error(source_name, line.number, reason);
    let l1 = checked_columns(line1, 1).map_err(|r| error(line1, r))?;
    let l2 = checked_columns(line2, 2).map_err(|r| error(line2, r))?;
    if l1[62] == b'4' {
        return Err(error(line1, SGP4_XP_REFUSED.to_string()));
    }
    let elements = sgp4::Elements::from_tle(name.map(str::to_string), l1, l2).map_err(|e| {
        let (which, reason) = describe_crate_error(&e, l1, l2, line1.number);
        error(if which == 1 { line1 } else { line2 }, reason)
    })?;
    // 1–3 named the SGP, SGP4/SDP4 and SGP8/SDP8 families of Spacetrack Report #3; GP element
    // sets today are type 0, the only one these elements mean under SGP4 (a blank is refused
    // by the parser above).
    if l1[62] != b'0' {
        let reason = format!(
            "ephemeris type {} is not supported: only 0 (SGP4 GP elements)",
            char::from(l1[62])
        );
        return Err(error(line1, reason));
    }
    if let Some(bad) = super::ranges::first_out_of_range(&elements) {
        let reason = format!(
            "the {} is {} (line {}), not allowed: {}",
            bad.tle_field,
            crate::error::number_text(bad.value),
            bad.tle_line,
            bad.allowed
        );
        return Err(error(if bad.tle_line == 1 { line1 } else { line2 }, reason));
    }
    Ok(Satellite {
        name: name.map_or_else(|| format!("NORAD {}", elements.norad_id), str::to_string),
        norad_id: Some(elements.norad_id),
        source: source_name.to_string(),
        elements,
        station_kept_longitude_deg: None,
    })
}

/// The 69 columns of a TLE line after checking ASCII, length and checksum; extra columns after
/// a blank column 70 are cut off.
fn checked_columns<'a>(line: Line<'a>, which: u8) -> Result<&'a [u8], String> {
    let b = line.text.as_bytes();
    if let Some(col) = b.iter().position(|c| !c.is_ascii()) {
        return Err(format!(
            "line {which} has a non-ASCII character in column {}",
            col + 1
        ));
    }
    if b.len() < TLE_COLUMNS {
        let hint = if b.len() == TLE_COLUMNS - 1 {
            " (no checksum?)"
        } else {
            ""
        };
        return Err(format!(
            "line {which} is too short: {} characters, expected {TLE_COLUMNS}{hint}",
            b.len()
        ));
    }
    if b.len() > TLE_COLUMNS && b[TLE_COLUMNS] != b' ' {
        return Err(format!(
            "line {which} is too long: {} characters, expected {TLE_COLUMNS} (extra columns must \
             follow a blank column 70)",
            b.len()
        ));
    }
    let b = &b[..TLE_COLUMNS];
    // Checksum: sum of the digits of columns 1–68, each '-' counting 1, modulo 10.
    let expected = b[..68].iter().fold(0u32, |sum, c| match c {
        b'0'..=b'9' => sum + u32::from(c - b'0'),
        b'-' => sum + 1,
        _ => sum,
    }) % 10;
    let found = b[68];
    if !found.is_ascii_digit() {
        return Err(format!(
            "line {which}: checksum column 69 is {:?}, not a digit (expected {expected})",
            char::from(found)
        ));
    }
    if u32::from(found - b'0') != expected {
        return Err(format!(
            "line {which}: bad checksum: expected {expected}, found {}",
            char::from(found)
        ));
    }
    Ok(b)
}

/// Which line (1 or 2) a `sgp4::TleError` is about and a message naming the field. The crate
/// keeps the error's parts private; its message ends with "on TLE line N between characters
/// S and E" (0-based, end exclusive), which locates the field in [`FIELDS`].
fn describe_crate_error(
    e: &sgp4::TleError,
    l1: &[u8],
    l2: &[u8],
    line1_number: usize,
) -> (u8, String) {
    let message = e.to_string();
    let detail = message.trim_start_matches("TLE parse error: ");
    if message.contains("(TLE lines mismatch)") {
        let reason = format!(
            "catalogue number {:?} on line 2 does not match {:?} on line 1 (line {line1_number})",
            String::from_utf8_lossy(&l2[2..7]),
            String::from_utf8_lossy(&l1[2..7]),
        );
        return (2, reason);
    }
    let which = if message.contains("on TLE line 2") {
        2
    } else {
        1
    };
    let columns = message
        .rsplit_once("between characters ")
        .and_then(|(_, range)| {
            let (start, end) = range.split_once(" and ")?;
            Some((start.parse::<usize>().ok()?, end.parse::<usize>().ok()?))
        });
    let Some((start, end)) = columns.filter(|(s, e)| s < e && *e <= TLE_COLUMNS) else {
        return (which, detail.to_string());
    };
    let text =
        String::from_utf8_lossy(&(if which == 1 { l1 } else { l2 })[start..end]).into_owned();
    let field = FIELDS
        .iter()
        .find(|(line, col, _)| *line == which && *col == start)
        .map_or_else(
            || "a field".to_string(),
            |(_, _, name)| format!("field '{name}'"),
        );
    let reason = format!(
        "line {which}, {field} (columns {}-{end}) = {text:?} does not parse: {}",
        start + 1,
        detail.split(" on TLE line").next().unwrap_or(detail)
    );
    (which, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A synthetic ISS-like element set (checksums valid).
    const L1: &str = "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990";
    const L2: &str = "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008";

    /// Replaces columns (1-based, inclusive start) of a line and fixes its checksum.
    fn edit(line: &str, col: usize, text: &str) -> String {
        let mut s = line.to_string();
        s.replace_range(col - 1..col - 1 + text.len(), text);
        with_checksum(&s[..68])
    }

    fn with_checksum(first68: &str) -> String {
        let sum: u32 = first68
            .bytes()
            .map(|c| match c {
                b'0'..=b'9' => u32::from(c - b'0'),
                b'-' => 1,
                _ => 0,
            })
            .sum();
        format!("{first68}{}", sum % 10)
    }

    fn err(text: &str) -> String {
        parse_tle(text, "test.tle").unwrap_err().to_string()
    }

    #[test]
    fn parses_2le_3le_crlf_blank_and_comment_lines() {
        let text = format!("# comment\r\n\r\nISS (ZARYA)\r\n{L1}\r\n{L2}\r\n\r\n0 ISS AGAIN\n{L1}\n{L2}\n{L1}\n{L2}");
        let sats = parse_tle(&text, "test.tle").unwrap();
        assert_eq!(sats.len(), 3);
        assert_eq!(sats[0].name, "ISS (ZARYA)");
        assert_eq!(sats[1].name, "ISS AGAIN");
        assert_eq!(sats[2].name, "NORAD 25544");
        assert_eq!(sats[0].norad_id, Some(25544));
        assert_eq!(sats[0].source, "test.tle");
        assert_eq!(sats[0].elements.mean_motion, 15.485);
        assert_eq!(sats[0].label(), "ISS (ZARYA) (NORAD 25544)");
    }

    #[test]
    fn extra_columns_after_69_are_cut() {
        let sats = parse_tle(
            &format!("{L1}\n{L2}     0.00      4320.0        360.00\n"),
            "v",
        )
        .unwrap();
        assert_eq!(sats.len(), 1);
        let long = format!("{L1}\n{L2}7\n");
        assert_eq!(err(&long), "test.tle, line 2: line 2 is too long: 70 characters, expected 69 (extra columns must follow a blank column 70)");
    }

    #[test]
    fn alpha5_catalogue_numbers() {
        let l1 = edit(L1, 3, "A0000");
        let l2 = edit(L2, 3, "A0000");
        assert_eq!(
            from_tle_lines("", &l1, &l2).unwrap().norad_id,
            Some(100_000)
        );
        let l1 = edit(L1, 3, "Z9999");
        let l2 = edit(L2, 3, "Z9999");
        assert_eq!(
            from_tle_lines("", &l1, &l2).unwrap().norad_id,
            Some(339_999)
        );
        let l1 = edit(L1, 3, "J1234");
        let l2 = edit(L2, 3, "J1234");
        assert_eq!(
            from_tle_lines("", &l1, &l2).unwrap().norad_id,
            Some(181_234)
        );
        // I and O are not Alpha-5 letters.
        let l1 = edit(L1, 3, "I0000");
        let l2 = edit(L2, 3, "I0000");
        let e = from_tle_lines("x", &l1, &l2).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "inline TLE, line 1: line 1, field 'catalogue number' (columns 3-7) = \"I0000\""
            ),
            "{e}"
        );
    }

    #[test]
    fn checksum_error_names_expected_and_found() {
        let bad = format!("{}0", &L2[..68]);
        assert_eq!(
            err(&format!("NAME\n{L1}\n{bad}\n")),
            "test.tle, line 3: line 2: bad checksum: expected 8, found 0"
        );
        let letter = format!("{}X", &L1[..68]);
        assert_eq!(
            err(&format!("\n{letter}\n{L2}\n")),
            "test.tle, line 2: line 1: checksum column 69 is 'X', not a digit (expected 0)"
        );
        assert_eq!(
            err(&format!("{}\n{L2}\n", &L1[..68])),
            "test.tle, line 1: line 1 is too short: 68 characters, expected 69 (no checksum?)"
        );
    }

    #[test]
    fn structural_errors_have_exact_line_numbers() {
        assert_eq!(
            err(&format!("A\n\n{}\n{L2}\n", &L1[..60])),
            "test.tle, line 3: line 1 is too short: 60 characters, expected 69"
        );
        assert_eq!(
            err(&format!("{L1}\n{L2}\nNAME\n{L1}\n")),
            "test.tle, line 4: line 1 is not followed by a line 2 (end of input)"
        );
        assert_eq!(
            err(&format!("{L1}\nNAME\n{L2}\n")),
            format!("test.tle, line 2: expected line 2 of the element set whose line 1 is line 1, found \"NAME\"")
        );
        assert_eq!(
            err(&format!("{L2}\n")),
            "test.tle, line 1: line 2 without a line 1 before it"
        );
        assert_eq!(
            err("A\nB\n"),
            "test.tle, line 2: name line \"A\" (line 1) is followed by \"B\", not by a TLE line 1"
        );
        assert_eq!(
            err("\nA\n"),
            "test.tle, line 2: name line \"A\" is not followed by a TLE line 1"
        );
    }

    #[test]
    fn catalogue_number_mismatch() {
        let l2 = edit(L2, 3, "25545");
        assert_eq!(
            err(&format!("{L1}\n{l2}\n")),
            "test.tle, line 2: catalogue number \"25545\" on line 2 does not match \"25544\" on line 1 (line 1)"
        );
    }

    #[test]
    fn field_errors_name_the_field() {
        let l2 = edit(L2, 27, "00x6000");
        let e = err(&format!("{L1}\n{l2}\n"));
        assert!(e.starts_with("test.tle, line 2: line 2, field 'eccentricity' (columns 27-33) = \"00x6000\" does not parse"), "{e}");
        let l1 = edit(L1, 21, "26078.5x0000");
        let e = err(&format!("{L1}\n{L2}\n{l1}\n{L2}\n"));
        assert!(
            e.starts_with("test.tle, line 3: line 1, field 'epoch day of year' (columns 21-32)"),
            "{e}"
        );
        // A blank ephemeris type (Vallado's 11801) is refused by the strict parser.
        let l1 = edit(L1, 63, " ");
        let e = err(&format!("{l1}\n{L2}\n"));
        assert!(e.contains("field 'ephemeris type' (columns 63-63)"), "{e}");
    }

    #[test]
    fn elements_outside_their_ranges_are_refused() {
        // Fuzz finding F9: "58.e579" parses as +∞ (and keeps the checksum of "58.0579").
        let l2 = edit(L2, 9, " 51.e640");
        let e = err(&format!("{L1}\n{l2}\n"));
        assert_eq!(
            e,
            "test.tle, line 2: the inclination is inf (line 2), not allowed: degrees in [0, 180]"
        );
        let l2 = edit(L2, 9, "181.0000");
        let e = err(&format!("{L1}\n{l2}\n"));
        assert!(e.contains("the inclination is 181 (line 2)"), "{e}");
        let l2 = edit(L2, 53, "25.e85000");
        let e = err(&format!("{L1}\n{l2}\n"));
        assert!(
            e.contains("the mean motion is inf (line 2), not allowed: rev/day in (0, 20]"),
            "{e}"
        );
        let l2 = edit(L2, 53, "21.00000000");
        let e = err(&format!("{L1}\n{l2}\n"));
        assert!(e.contains("the mean motion is 21 (line 2)"), "{e}");
    }

    #[test]
    fn sgp4_xp_is_refused() {
        let l1 = edit(L1, 63, "4");
        let e = err(&format!("X\n{l1}\n{L2}\n"));
        assert!(
            e.starts_with("test.tle, line 2: ephemeris type 4 (SGP4-XP)"),
            "{e}"
        );
    }

    #[test]
    fn other_ephemeris_types_are_refused() {
        for t in ["1", "2", "3", "5", "9"] {
            let l1 = edit(L1, 63, t);
            let e = err(&format!("X\n{l1}\n{L2}\n"));
            assert!(
                e.contains(&format!("ephemeris type {t} is not supported: only 0")),
                "{e}"
            );
        }
    }

    #[test]
    fn selects_by_norad_id() {
        let l1 = edit(L1, 3, "00005");
        let l2 = edit(L2, 3, "00005");
        let sats = parse_tle(&format!("A\n{L1}\n{L2}\nB\n{l1}\n{l2}\n"), "cat.tle").unwrap();
        let picked = select_norad(&sats, &[5]).unwrap();
        assert_eq!(picked.len(), 1);
        assert_eq!(picked[0].name, "B");
        assert_eq!(
            select_norad(&sats, &[5, 7, 99]).unwrap_err().to_string(),
            "norad_ids = [5, 7, 99] is not allowed: ids present in cat.tle (2 element sets); not \
             there: 7, 99"
        );
    }
}
