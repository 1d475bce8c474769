//! L-BFGS memory and the two-loop recursion (Nocedal & Wright, algorithm 7.4), as torch keeps them:
//!   store (y, s) = (g_new - g_old, t d) only when y . s > 1e-10 (curvature), dropping the oldest
//!   beyond `history_size`; rho_i = 1 / (y_i . s_i); H0 = (y . s) / (y . y) of the newest pair.
//!   q = -g;  for i newest..oldest: a_i = rho_i s_i . q,  q -= a_i y_i
//!   r = H0 q;  for i oldest..newest: b_i = rho_i y_i . r,  r += (a_i - b_i) s_i;   d = r

/// The curvature pairs, all in f64 (a quasi-Newton direction is a long chain of dot products).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LbfgsHistory {
    /// The gradient differences `y_i = g_{i+1} - g_i`, oldest first (torch `old_dirs`).
    pub old_dirs: Vec<Vec<f64>>,
    /// The steps `s_i = t d`, oldest first (torch `old_stps`).
    pub old_stps: Vec<Vec<f64>>,
    /// `rho_i = 1 / (y_i . s_i)` for each pair (torch `ro`).
    pub ro: Vec<f64>,
    /// The initial Hessian scaling `H0 = (y . s) / (y . y)` of the newest pair (torch `H_diag`).
    pub h_diag: f64,
}

pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl LbfgsHistory {
    /// Adds the pair `(y, s)` if it has positive curvature.
    pub(crate) fn push(&mut self, y: Vec<f64>, s: Vec<f64>, history_size: usize) {
        let ys = dot(&y, &s);
        if ys <= 1e-10 {
            return;
        }
        if self.old_dirs.len() == history_size {
            self.old_dirs.remove(0);
            self.old_stps.remove(0);
            self.ro.remove(0);
        }
        self.h_diag = ys / dot(&y, &y);
        self.old_dirs.push(y);
        self.old_stps.push(s);
        self.ro.push(1.0 / ys);
    }

    /// The quasi-Newton direction `-H g`.
    pub(crate) fn direction(&self, g: &[f64]) -> Vec<f64> {
        let n = self.old_dirs.len();
        let mut al = vec![0.0; n];
        let mut q: Vec<f64> = g.iter().map(|x| -x).collect();
        for i in (0..n).rev() {
            al[i] = dot(&self.old_stps[i], &q) * self.ro[i];
            q.iter_mut().zip(&self.old_dirs[i]).for_each(|(q, y)| *q += -al[i] * y);
        }
        let mut r: Vec<f64> = q.iter().map(|q| q * self.h_diag).collect();
        for (((y, s), ro), al) in self.old_dirs.iter().zip(&self.old_stps).zip(&self.ro).zip(&al) {
            let be = dot(y, &r) * ro;
            r.iter_mut().zip(s).for_each(|(r, s)| *r += (al - be) * s);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pair_on_a_quadratic_gives_the_secant_scaling() {
        // f = x^2 in 1-D: y = 2 s, so H0 = 1/2 and the direction is the Newton step -g / 2.
        let mut h = LbfgsHistory { h_diag: 1.0, ..Default::default() };
        h.push(vec![2.0], vec![1.0], 10);
        assert!((h.direction(&[4.0])[0] + 2.0).abs() < 1e-12);
        h.push(vec![-1.0], vec![1.0], 10); // negative curvature: ignored
        assert_eq!(h.ro.len(), 1);
    }
}
