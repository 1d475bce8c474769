//! The shipped MNIST sample (`data/mnist-10k-*-idx*-ubyte.gz`) read straight into row-major tensors:
//! pixels / 255 as f32, labels as class ids in an [n, 1] column. Rows `[0, split)` train, the rest
//! test. Read directly (not through `downhill_data::load`'s column table) so the process holds
//! nothing but the two tensors, which keeps the peak-RSS figure about the training itself.
use downhill_tensor::{Float, Tensor};
use flate2::read::GzDecoder;
use std::io::Read;
use std::path::Path;

pub struct Mnist {
    pub x_train: Tensor,
    pub y_train: Tensor,
    pub x_test: Tensor,
    pub y_test: Tensor,
}

fn read_gz(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    GzDecoder::new(file).read_to_end(&mut bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(bytes)
}

/// The payload after an IDX header of `dims` big-endian u32 sizes, and the number of items.
fn payload(bytes: &[u8], dims: usize, path: &Path) -> Result<(usize, usize), String> {
    let header = 4 + 4 * dims;
    if bytes.len() < header {
        return Err(format!("{}: not an IDX file", path.display()));
    }
    let n = u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    Ok((header, n))
}

fn tensor(values: &[u8], cols: usize, scale: Float) -> Tensor {
    let data = values.iter().map(|&b| b as Float * scale).collect();
    Tensor::from_vec(data, [values.len() / cols, cols]).expect("rows x cols matches the data")
}

pub fn load(dir: &Path, split: usize) -> Result<Mnist, String> {
    let images_path = dir.join("mnist-10k-images-idx3-ubyte.gz");
    let labels_path = dir.join("mnist-10k-labels-idx1-ubyte.gz");
    let images = read_gz(&images_path)?;
    let labels = read_gz(&labels_path)?;
    let (start, n) = payload(&images, 3, &images_path)?;
    let (label_start, _) = payload(&labels, 1, &labels_path)?;
    let pixels = 28 * 28;
    if split >= n || images.len() < start + n * pixels || labels.len() < label_start + n {
        return Err(format!("{}: fewer than {split} + 1 images", images_path.display()));
    }
    let (images, labels) = (&images[start..start + n * pixels], &labels[label_start..label_start + n]);
    Ok(Mnist {
        x_train: tensor(&images[..split * pixels], pixels, 1.0 / 255.0),
        y_train: tensor(&labels[..split], 1, 1.0),
        x_test: tensor(&images[split * pixels..], pixels, 1.0 / 255.0),
        y_test: tensor(&labels[split..], 1, 1.0),
    })
}
