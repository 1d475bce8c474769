//! Every registered test function, through the `TestFunction` enum: analytic gradient against
//! central differences on a grid covering its plotting window, value and stationarity at each
//! known minimiser, and a start inside the window with a higher value than the minimum.
use downhill_testfns::{max_gradient_error, Surface, TestFunction};

#[test]
fn gradients_match_central_differences_over_each_window() {
    for f in TestFunction::ALL {
        let w = f.window();
        for i in 0..=8 {
            for j in 0..=8 {
                let p = [
                    w.x.0 + (w.x.1 - w.x.0) * (i as f64 + 0.37) / 9.0,
                    w.y.0 + (w.y.1 - w.y.0) * (j as f64 + 0.61) / 9.0,
                ];
                let err = max_gradient_error(&f, p);
                assert!(err < 1e-5, "{f}: gradient error {err:e} at {p:?}");
            }
        }
    }
}

#[test]
fn known_minima_have_the_known_value_and_zero_gradient() {
    for f in TestFunction::ALL {
        for &m in f.minima() {
            let (v, g) = (f.value(m), f.gradient(m));
            assert!((v - f.min_value().unwrap()).abs() < 1e-9, "{f}: f({m:?}) = {v}");
            assert!(g[0].abs() < 1e-4 && g[1].abs() < 1e-4, "{f}: grad {g:?} at {m:?}");
        }
        assert_eq!(f.minima().is_empty(), f.min_value().is_none(), "{f}");
    }
}

#[test]
fn starts_lie_inside_windows_above_the_minimum() {
    for f in TestFunction::ALL {
        assert!(f.window().contains(f.start()), "{f}");
        if let Some(min) = f.min_value() {
            assert!(f.value(f.start()) > min + 1e-3, "{f}");
        }
    }
}
