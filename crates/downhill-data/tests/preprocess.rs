//! Preprocessing end to end: fitted on training rows only, reapplied from its JSON, with the
//! missing-value policies and unseen categories.
mod common;

use common::{assert_mentions, data};
use downhill_data::{
    load, LoadOptions, MissingPolicy, PreprocessOptions, Preprocessor, Scale, Table, Target, TaskChoice,
    Warning,
};
use downhill_testing::assert_close;

fn table(name: &str) -> Table {
    load(data(name), &LoadOptions::default()).expect("test file loads")
}

fn fit(train: &Table, target: &str, scale: Scale, missing: MissingPolicy) -> Preprocessor {
    let target = Target::fit(train, target, TaskChoice::Auto).expect("target fits");
    Preprocessor::fit(train, target, &PreprocessOptions { scale: Some(scale), missing })
        .expect("preprocessing fits")
}

fn close(a: f32, b: f64) -> bool {
    (f64::from(a) - b).abs() < 1e-6
}

#[test]
fn standard_scaling_uses_training_rows_only() {
    let all = table("mixed.csv");
    let train = all.take_rows(&[0, 1]); // age 23, 35: mean 29, population std 6
    let prep = fit(&train, "size", Scale::Standard, MissingPolicy::Error);
    let out = prep.transform(&all.take_rows(&[0, 1, 3])).unwrap();
    assert_eq!(out.feature_names, ["age", "color=blue", "color=red", "height"]);
    let age: Vec<f32> = (0..3).map(|i| out.x.row(i)[0]).collect();
    assert!(close(age[0], -1.0) && close(age[1], 1.0) && close(age[2], 0.0), "{age:?}");
    // Classes sort lexicographically: large = 0, small = 1. Class ids are exact small integers.
    assert_eq!(out.y.unwrap().data(), &[1.0, 0.0, 1.0]);
}

#[test]
fn minmax_and_none() {
    let train = table("semicolon.csv"); // a: 1.5, ?   b: 2, 3   y: x, y
    let prep = fit(&train, "y", Scale::MinMax, MissingPolicy::Drop);
    let out = prep.transform(&train).unwrap();
    // Row 2 dropped; each column constant on row 1 -> (x − x) / 1, exactly 0.
    assert_eq!(out.x.data(), &[0.0, 0.0]);
    let prep = fit(&train, "y", Scale::None, MissingPolicy::Mean);
    let out = prep.transform(&train).unwrap();
    // a imputed with the training mean 1.5 (a sum and a division in f64), the rest copied: 1e-6.
    assert_close("imputed", out.x.data(), &[1.5, 2.0, 1.5, 3.0], 1e-6);
}

#[test]
fn global_minmax_maps_every_column_by_the_range_of_all() {
    let t = table("missing.csv"); // a: 1,_,5,7,9  b: 2,4,_,8,10  y: 0,1,0,_,1
    let prep = fit(&t, "y", Scale::GlobalMinMax, MissingPolicy::Drop);
    let out = prep.transform(&t).unwrap();
    // Rows 0 and 4 kept: a 1, 9 and b 2, 10, so one map (x - 1) / 9 for both columns.
    assert_close("global", out.x.data(), &[0.0, 1.0 / 9.0, 8.0 / 9.0, 1.0], 1e-7);
    let minmax = fit(&t, "y", Scale::MinMax, MissingPolicy::Drop).transform(&t).unwrap();
    assert_eq!(minmax.x.data(), &[0.0, 0.0, 1.0, 1.0]);
}

#[test]
fn global_standard_maps_every_column_by_the_mean_and_std_of_all() {
    let t = table("missing.csv"); // a: 1,_,5,7,9  b: 2,4,_,8,10  y: 0,1,0,_,1
    let prep = fit(&t, "y", Scale::GlobalStandard, MissingPolicy::Drop);
    let out = prep.transform(&t).unwrap();
    // Rows 0 and 4 kept: the values 1, 2, 9, 10 pool to mean 5.5 and population std
    // sqrt((20.25 + 12.25 + 12.25 + 20.25) / 4) = sqrt(16.25), one map for both columns.
    let z = |v: f64| ((v - 5.5) / 16.25f64.sqrt()) as f32;
    assert_close("global", out.x.data(), &[z(1.0), z(2.0), z(9.0), z(10.0)], 1e-6);
    let mean = out.x.data().iter().map(|&v| f64::from(v)).sum::<f64>() / 4.0;
    let var = out.x.data().iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / 4.0;
    assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5, "mean {mean}, var {var}");
}

#[test]
fn drop_and_mean_policies() {
    let t = table("missing.csv"); // a: 1,_,5,7,9  b: 2,4,_,8,10  y: 0,1,0,_,1
    let prep = fit(&t, "y", Scale::None, MissingPolicy::Drop);
    let out = prep.transform(&t).unwrap();
    assert_eq!(out.rows, vec![0, 4]);
    // Exact: under `drop` and no scaling the kept values are copied through the identity map.
    assert_eq!(out.x.data(), &[1.0, 2.0, 9.0, 10.0]);
    let messages = out.warning_messages().join("\n");
    assert_mentions(&messages, &["dropped 3 row(s)", "first at data row 2 (file line 3)"]);
    // Under `mean`, features are imputed but a missing target stays an error; without it all is well.
    let labelled = t.take_rows(&[0, 1, 2, 4]);
    let prep = fit(&labelled, "y", Scale::None, MissingPolicy::Mean);
    let out = prep.transform(&labelled).unwrap();
    // a's training mean over 1, 5, 9 is 5; b's over 2, 4, 10 is 16/3.
    assert!(close(out.x.row(1)[0], 5.0) && close(out.x.row(2)[1], 16.0 / 3.0), "{:?}", out.x);
    let features_only = prep.transform_features(&t).unwrap();
    assert_eq!((features_only.n_rows(), features_only.y.is_none()), (5, true));
}

#[test]
fn unseen_category_warns_and_encodes_as_zeros() {
    let prep = fit(&table("train_cat.csv"), "y", Scale::None, MissingPolicy::Error);
    let out = prep.transform_features(&table("predict_unseen.csv")).unwrap();
    assert_eq!(out.feature_names, ["x", "color=blue", "color=red"]);
    // Exact, here and below: x is copied (no scaling) and one-hot blocks are constant 0s and 1s.
    assert_eq!(out.x.row(0), &[1.0, 0.0, 0.0]);
    assert_eq!(out.x.row(1), &[2.0, 1.0, 0.0]);
    assert_eq!(out.warnings.len(), 1);
    let Warning::UnseenCategory { count, first_row, .. } = &out.warnings[0] else {
        panic!("{:?}", out.warnings)
    };
    assert_eq!((*count, *first_row), (2, 1));
    assert_mentions(&out.warnings[0].to_string(), &["column 'color': category 'purple'", "all zeros"]);
}

#[test]
fn json_round_trip_transforms_identically() {
    let train = table("mixed.csv").take_rows(&[0, 1, 3]);
    let prep = fit(&train, "size", Scale::Standard, MissingPolicy::Mean);
    let json = prep.to_json().unwrap();
    let back = Preprocessor::from_json(&json).unwrap();
    // Exact on purpose: the model file must restore the fitted f64 statistics bit for bit, and then
    // the transform repeats the same operations. (Reading serde_json's shortest digits back exactly
    // needs its `float_roundtrip` feature; without it about 1 in 10 f64s comes back 1 ulp off.)
    assert_eq!(back, prep);
    let all = table("mixed.csv");
    assert_eq!(back.transform(&all).unwrap(), prep.transform(&all).unwrap());
    assert_eq!(back.classes(), &["large", "small"]);
    assert_eq!(back.categorical_columns(), ["color"]);
}

#[test]
fn fitted_statistics_of_many_tables_survive_json_bit_for_bit() {
    // Means and standard deviations of arbitrary decimals have full 53-bit mantissas, the case where
    // serde_json without `float_roundtrip` read about 1 in 10 back one ulp off (8 of 50 such tables).
    let dir = common::scratch("roundtrip");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0
    };
    for k in 0..50 {
        let rows: Vec<String> = (0..7).map(|i| format!("{},{},{}", next(), next(), i % 2)).collect();
        let path = dir.join(format!("t{k}.csv"));
        std::fs::write(&path, format!("a,b,y\n{}\n", rows.join("\n"))).unwrap();
        let train = load(&path, &LoadOptions::default()).unwrap();
        let prep = fit(&train, "y", Scale::Standard, MissingPolicy::Error);
        let back = Preprocessor::from_json(&prep.to_json().unwrap()).unwrap();
        // Exact on purpose: a model file must restore its fitted statistics bit for bit.
        assert_eq!(back, prep, "table {k}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn columns_are_matched_by_name_in_any_order() {
    let prep = fit(&table("train_cat.csv"), "y", Scale::None, MissingPolicy::Error);
    let dir = common::scratch("reordered");
    let path = dir.join("reordered.csv");
    std::fs::write(&path, "color,extra,x\nred,9,4\n").unwrap();
    let out = prep.transform_features(&load(&path, &LoadOptions::default()).unwrap()).unwrap();
    // Exact: x copied through the identity map, then one-hot constants.
    assert_eq!(out.x.row(0), &[4.0, 0.0, 1.0]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keeping_some_columns_reads_only_them_and_equals_keeping_their_inputs() {
    let all = table("mixed.csv");
    let train = all.take_rows(&[0, 1]);
    let prep = fit(&train, "size", Scale::Standard, MissingPolicy::Error);
    let full = prep.transform(&all.take_rows(&[0, 1, 3])).unwrap();
    // Inputs: age, color=blue, color=red, height; keep the colour group and the height.
    let kept = prep.keep_columns(&["height".into(), "color".into()]);
    assert_eq!(kept.input_columns(), ["color", "height"], "in the original order");
    let out = kept.transform(&all.take_rows(&[0, 1, 3])).unwrap();
    let by_inputs = full.keep_inputs(&[1, 2, 3]);
    assert_eq!(out.feature_names, ["color=blue", "color=red", "height"]);
    // Exact: the same encoders write the same values.
    assert_eq!((out.x.data(), &out.feature_names), (by_inputs.x.data(), &by_inputs.feature_names));
    assert_eq!(out.y, full.y);
}

#[test]
fn without_a_target_every_column_is_a_feature_and_the_targets_are_the_inputs() {
    let t = table("missing.csv"); // a: 1,_,5,7,9  b: 2,4,_,8,10  y: 0,1,0,_,1
    let options = PreprocessOptions { scale: Some(Scale::None), missing: MissingPolicy::Drop };
    let prep = Preprocessor::fit(&t, Target::inputs(None), &options).unwrap();
    assert_eq!((prep.target().column(), prep.n_features()), (None, 3));
    let out = prep.transform(&t).unwrap();
    // Rows 1, 2 and 3 each miss one column (a, b, y); the rest are copied through the identity map.
    assert_eq!(out.rows, vec![0, 4]);
    assert_eq!(out.x.data(), &[1.0, 2.0, 0.0, 9.0, 10.0, 1.0]);
    assert_eq!(out.y.as_ref(), Some(&out.x));
    assert_eq!(prep.transform_features(&t).unwrap().y, None);
    let back: Preprocessor = serde_json::from_str(&serde_json::to_string(&prep).unwrap()).unwrap();
    assert_eq!(back, prep);
    // A format's label column is left out: neither a feature nor a target.
    let prep = Preprocessor::fit(&t, Target::inputs(Some("y")), &options).unwrap();
    assert_eq!((prep.target().column(), prep.feature_names()), (None, vec!["a".into(), "b".into()]));
    let out = prep.transform(&t).unwrap();
    assert_eq!((out.rows, out.x.data()), (vec![0, 3, 4], &[1.0, 2.0, 7.0, 8.0, 9.0, 10.0][..]));
}
