//! Binary arithmetic with broadcasting (both operand orders), scalar arithmetic, matmul (2-D and
//! batched) and linear.
use super::*;

#[test]
fn add_sub_mul_div_broadcast_both_ways() {
    let mut rng = Rng::seed(100);
    for &s in SHAPES {
        for p in broadcast_partners(s) {
            let (a, b) = (normal(s, &mut rng), normal(&p, &mut rng));
            // Denominators in [1, 2]: 1/b stays smooth over the step h.
            let denom = uniform(&p, 1.0, 2.0, &mut rng);
            check("add", |v| v[0] + v[1], &[a.clone(), b.clone()]);
            check("add (broadcast left)", |v| v[1] + v[0], &[a.clone(), b.clone()]);
            check("sub", |v| v[0] - v[1], &[a.clone(), b.clone()]);
            check("sub (broadcast left)", |v| v[1] - v[0], &[a.clone(), b.clone()]);
            check("mul", |v| v[0] * v[1], &[a.clone(), b.clone()]);
            check("mul (broadcast left)", |v| v[1] * v[0], &[a.clone(), b]);
            check("div", |v| v[0] / v[1], &[a.clone(), denom]);
            let numer = normal(&p, &mut rng);
            check("div (broadcast numerator)", |v| v[1] / v[0], &[uniform(s, 1.0, 2.0, &mut rng), numer]);
        }
    }
}

#[test]
fn neg_and_scalar_arithmetic() {
    let mut rng = Rng::seed(101);
    for &s in SHAPES {
        let x = normal(s, &mut rng);
        check("neg", |v| -v[0], std::slice::from_ref(&x));
        check("add scalar", |v| v[0] + 2.5, std::slice::from_ref(&x));
        check("sub scalar", |v| v[0] - 1.5, std::slice::from_ref(&x));
        check("mul scalar", |v| v[0] * -3.0, std::slice::from_ref(&x));
        check("div scalar", |v| v[0] / 4.0, std::slice::from_ref(&x));
        // Scalars composed with a product, so the gradient depends on x.
        check("scalar ops in a product", |v| (v[0] * 0.5 + 1.0) * (v[0] - 2.0), &[x]);
    }
}

#[test]
fn matmul_over_vector_and_matrix_shapes() {
    let mut rng = Rng::seed(102);
    for (m, k, n) in [(1, 1, 1), (1, 4, 3), (3, 4, 1), (4, 1, 3), (3, 5, 2), (6, 3, 4)] {
        let (a, b) = (normal(&[m, k], &mut rng), normal(&[k, n], &mut rng));
        check("matmul", |v| v[0].matmul(v[1]), &[a.clone(), b.clone()]);
        // A constant left operand (a leaf, as a data batch is) takes matmul's skip-dA path.
        let a = &a;
        check("matmul with a constant left operand", |v| v[0].tape().leaf(a.clone()).matmul(v[0]), &[b]);
    }
}

#[test]
fn batched_matmul_over_rank_three_and_four() {
    let mut rng = Rng::seed(104);
    for (batch, m, k, n) in
        [(vec![3], 2, 4, 3), (vec![2, 2], 1, 3, 1), (vec![1], 4, 1, 2), (vec![2, 1], 3, 2, 5)]
    {
        let dims = |r: usize, c: usize| [batch.clone(), vec![r, c]].concat();
        let (a, b) = (normal(&dims(m, k), &mut rng), normal(&dims(k, n), &mut rng));
        check("batched matmul", |v| v[0].matmul(v[1]), &[a.clone(), b.clone()]);
        let a = &a;
        check("batched matmul, constant left", |v| v[0].tape().leaf(a.clone()).matmul(v[0]), &[b]);
    }
}

#[test]
fn linear_with_and_without_bias() {
    let mut rng = Rng::seed(103);
    for (n, i, o) in [(1, 1, 1), (1, 4, 3), (4, 3, 1), (5, 2, 4)] {
        let (x, w, b) = (normal(&[n, i], &mut rng), normal(&[o, i], &mut rng), normal(&[o], &mut rng));
        check("linear", |v| v[0].linear(v[1], Some(v[2])), &[x.clone(), w.clone(), b]);
        check("linear without bias", |v| v[0].linear(v[1], None), &[x, w]);
    }
}
