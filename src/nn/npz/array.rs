//! One array of an `.npz`: its shape and values.

/// An array's values, flat in C (row-major) order.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    F32(Vec<f32>),
    F64(Vec<f64>),
    U8(Vec<u8>),
    /// Every other integer type, widened.
    I64(Vec<i64>),
    /// A 0-d unicode string (`<U…`).
    Str(String),
    /// An array of unicode strings (`<U…` with a shape: a data set's class names).
    Strs(Vec<String>),
}

impl Data {
    pub(super) fn len(&self) -> usize {
        match self {
            Data::F32(v) => v.len(),
            Data::F64(v) => v.len(),
            Data::U8(v) => v.len(),
            Data::I64(v) => v.len(),
            Data::Str(_) => 1,
            Data::Strs(v) => v.len(),
        }
    }

    /// The values as `f32` (floats and integers), `None` for a string.
    pub fn to_f32(&self) -> Option<Vec<f32>> {
        match self {
            Data::F32(v) => Some(v.clone()),
            Data::F64(v) => Some(v.iter().map(|&x| x as f32).collect()),
            Data::U8(v) => Some(v.iter().map(|&x| x as f32).collect()),
            Data::I64(v) => Some(v.iter().map(|&x| x as f32).collect()),
            Data::Str(_) | Data::Strs(_) => None,
        }
    }

    /// NumPy's name of the type, for messages.
    pub fn dtype(&self) -> &'static str {
        match self {
            Data::F32(_) => "float32",
            Data::F64(_) => "float64",
            Data::U8(_) => "uint8",
            Data::I64(_) => "int64",
            Data::Str(_) | Data::Strs(_) => "str",
        }
    }
}

/// One array.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    pub shape: Vec<usize>,
    pub data: Data,
}

impl Array {
    pub fn f32(shape: Vec<usize>, values: Vec<f32>) -> Array {
        Array { shape, data: Data::F32(values) }
    }

    /// Reorders values stored column-major (`fortran_order`) into row-major. `None` if
    /// the values do not fill the shape.
    pub(super) fn fortran_to_c(&mut self, fortran: bool) -> Option<()> {
        let n: usize = self.shape.iter().product();
        if self.data.len() != n && !matches!(self.data, Data::Str(_)) {
            return None;
        }
        if !fortran || self.shape.len() < 2 {
            return Some(());
        }
        // C index → Fortran index: the same coordinates, strides reversed.
        let dims = &self.shape;
        let order: Vec<usize> = (0..n)
            .map(|mut c| {
                let (mut f, mut stride) = (0, 1);
                let mut coords = vec![0; dims.len()];
                for (k, &d) in dims.iter().enumerate().rev() {
                    coords[k] = c % d;
                    c /= d;
                }
                for (k, &d) in dims.iter().enumerate() {
                    f += coords[k] * stride;
                    stride *= d;
                }
                f
            })
            .collect();
        fn pick<T: Clone>(v: &[T], order: &[usize]) -> Vec<T> {
            order.iter().map(|&i| v[i].clone()).collect()
        }
        self.data = match &self.data {
            Data::F32(v) => Data::F32(pick(v, &order)),
            Data::F64(v) => Data::F64(pick(v, &order)),
            Data::U8(v) => Data::U8(pick(v, &order)),
            Data::I64(v) => Data::I64(pick(v, &order)),
            Data::Str(s) => Data::Str(s.clone()),
            Data::Strs(v) => Data::Strs(pick(v, &order)),
        };
        Some(())
    }
}
