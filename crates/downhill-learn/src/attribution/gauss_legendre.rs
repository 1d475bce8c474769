//! Gauss-Legendre quadrature on [0, 1], the rule captum's integrated gradients uses by default
//! (`gausslegendre`: numpy's `leggauss(n)` mapped from [−1, 1], α = (1 + t)/2, w = w_t/2).
//! The nodes t_i are the roots of the Legendre polynomial P_n, found by Newton's method from
//! t ≈ cos(π(i − ¼)/(n + ½)); P_n and P_{n−1} come from Bonnet's recurrence
//!   P_0 = 1,  P_1 = t,  k·P_k = (2k − 1)·t·P_{k−1} − (k − 1)·P_{k−2}
//! with P_n′(t) = n·(t·P_n − P_{n−1})/(t² − 1), and the weights are w_i = 2 / ((1 − t_i²)·P_n′(t_i)²).
//! The rule integrates polynomials of degree up to 2n − 1 exactly.

/// The `n` nodes α (ascending) and weights of Gauss-Legendre quadrature on [0, 1]; n ≥ 1.
pub fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let legendre = |t: f64| {
        let (mut p, mut prev) = (t, 1.0);
        for k in 2..=n {
            let k = k as f64;
            (p, prev) = (((2.0 * k - 1.0) * t * p - (k - 1.0) * prev) / k, p);
        }
        match n {
            0 | 1 => (t, 1.0, 1.0), // P_1 = t, P_1' = 1
            _ => (p, prev, n as f64 * (t * p - prev) / (t * t - 1.0)),
        }
    };
    let mut rule: Vec<(f64, f64)> = (1..=n)
        .map(|i| {
            let mut t = (std::f64::consts::PI * (i as f64 - 0.25) / (n as f64 + 0.5)).cos();
            for _ in 0..100 {
                let (p, _, dp) = legendre(t);
                let step = p / dp;
                t -= step;
                if step.abs() < 1e-15 {
                    break;
                }
            }
            let (_, _, dp) = legendre(t);
            ((1.0 + t) / 2.0, 1.0 / ((1.0 - t * t) * dp * dp))
        })
        .collect();
    rule.sort_by(|a, b| a.0.total_cmp(&b.0));
    rule.into_iter().unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrates_polynomials_up_to_degree_2n_minus_1_exactly() {
        for n in [1, 2, 5, 50] {
            let (alpha, w) = gauss_legendre(n);
            assert!(alpha.windows(2).all(|p| p[0] < p[1]) && alpha[0] > 0.0 && alpha[n - 1] < 1.0);
            for degree in 0..2 * n {
                // ∫_0^1 a^d da = 1/(d + 1); 1e-12 for f64 sums of up to 50 terms.
                let sum: f64 = alpha.iter().zip(&w).map(|(a, w)| w * a.powi(degree as i32)).sum();
                assert!((sum - 1.0 / (degree as f64 + 1.0)).abs() < 1e-12, "n {n}, degree {degree}: {sum}");
            }
        }
        // numpy.polynomial.legendre.leggauss(2): t = ±1/√3, w = 1 each.
        let (alpha, w) = gauss_legendre(2);
        assert!((alpha[0] - (1.0 - 1.0 / 3f64.sqrt()) / 2.0).abs() < 1e-15 && (w[1] - 0.5).abs() < 1e-15);
    }
}
