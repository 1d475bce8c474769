//! The newcomer's flow end to end: shipped data, a stratified test split, an estimator set with
//! builder setters behind standard scaling, save, load, and identical predictions on raw rows.
use downhill_data::datasets;
use downhill_learn::{train_test_split, FittedPipeline, LinearRegression, MlpClassifier, Pipeline};

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("downhill-pipeline-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a writable temp dir");
    dir.join("model.safetensors")
}

#[test]
fn an_iris_pipeline_saved_and_loaded_predicts_the_same_on_raw_rows() {
    let iris = datasets::iris();
    let split = train_test_split(&iris.x, &iris.y, 0.2, 42).unwrap();
    let clf = MlpClassifier::new().hidden([16]).lr(0.01).epochs(300).seed(1);
    let fitted = Pipeline::new(clf).names_from(&iris).fit(&split.x_train, &split.y_train).unwrap();
    // Threshold: iris MLPs reach 0.93-1.0 on 30 held-out rows; 0.9 allows three mistakes.
    let accuracy = fitted.score(&split.x_test, &split.y_test).unwrap();
    assert!(accuracy >= 0.9, "test accuracy {accuracy}");

    let path = temp("iris");
    fitted.save(&path).unwrap();
    let loaded = FittedPipeline::load(&path).unwrap();
    let before = fitted.predict_proba(&split.x_test).unwrap();
    let after = loaded.predict_proba(&split.x_test).unwrap();
    // Bitwise: the same f32 weights and f64 scaling statistics (stored exactly) on the same rows.
    let bits = |t: &downhill_learn::Tensor| t.data().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&before), bits(&after), "probabilities changed across save/load");
    assert_eq!(loaded.predict(&split.x_test).unwrap().data(), fitted.predict(&split.x_test).unwrap().data());
    assert_eq!(loaded.class_names(), ["setosa", "versicolor", "virginica"]);
    assert_eq!(loaded.feature_names(), iris.feature_names);
    assert_eq!(loaded.predict_labels(&split.x_test.slice_rows(0..1)).unwrap().len(), 1);
    assert!(loaded.history().is_none() && fitted.history().is_some());

    // The preprocessing matters: the bare model on raw (unscaled) rows predicts differently.
    let raw = loaded.model().predict_proba(&split.x_test).unwrap();
    assert_ne!(bits(&raw), bits(&after), "the scaling was not applied");

    // The class names are stored twice (the model's and the preprocessing's); a file where they
    // disagree is refused as damaged, naming the first difference.
    let bytes = std::fs::read(&path).unwrap();
    let st = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let (_, meta) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    let mut meta = meta.metadata().clone().unwrap();
    meta.insert("class_names".into(), "[\"setosa\"]".into());
    let edited = path.with_extension("edited");
    safetensors::serialize_to_file(st.tensors(), &Some(meta), &edited).unwrap();
    let err = FittedPipeline::load(&edited).unwrap_err().to_string();
    assert!(
        err.contains(
            "its 1 class names differ from its preprocessing's 3 (number 2: none against `versicolor`)"
        ),
        "{err}"
    );
    assert!(err.contains("the file is damaged"), "{err}");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn a_regression_pipeline_round_trips_and_rejects_the_wrong_width() {
    let d = datasets::diabetes();
    let split = train_test_split(&d.x, &d.y, 0.2, 0).unwrap();
    let fitted =
        Pipeline::new(LinearRegression::new()).names_from(&d).fit(&split.x_train, &split.y_train).unwrap();
    // Least squares on diabetes reaches test R² near 0.4-0.5 on most splits; 0.3 is a loose floor.
    let r2 = fitted.score(&split.x_test, &split.y_test).unwrap();
    assert!(r2 > 0.3, "test R² {r2}");
    let path = temp("diabetes");
    fitted.save(&path).unwrap();
    let loaded = FittedPipeline::load(&path).unwrap();
    let (a, b) = (fitted.predict(&split.x_test).unwrap(), loaded.predict(&split.x_test).unwrap());
    for (p, q) in a.data().iter().zip(b.data()) {
        assert!((p - q).abs() <= 1e-6 * p.abs().max(1.0), "{p} vs {q}");
    }
    let narrow = downhill_learn::Tensor::zeros([2, 3]);
    let err = loaded.predict(&narrow).unwrap_err().to_string();
    assert!(err.contains("expects 10 features but the data has 3"), "{err}");
    assert!(loaded.predict_labels(&split.x_test).unwrap_err().to_string().contains("predict_labels"));
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}
