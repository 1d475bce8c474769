//! Rows of text cells as left-aligned columns, two spaces apart, with no trailing blanks: the shape
//! of every table the commands print.

/// `rows` (the header first) as aligned lines, each ending in a newline.
pub fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|v| v.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_their_widest_cell() {
        let rows =
            vec![vec!["a".to_string(), "bb".into(), "c".into()], vec!["ddd".into(), "e".into(), "".into()]];
        assert_eq!(aligned(&rows), "a    bb  c\nddd  e\n");
    }
}
