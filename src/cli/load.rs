//! Reading input files for the core: missing, binary and non-UTF-8 files are refused with
//! the file and line, before any parsing happens.

use crate::ingest::Source;
use std::fmt;
use std::path::Path;

/// Why an input file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0: the file as a whole (missing, a folder, too large).
        match self.line {
            0 => write!(f, "{}: {}", self.file, self.message),
            line => write!(f, "{}:{line}: {}", self.file, self.message),
        }
    }
}

/// Largest document read (a design document larger than this is not one).
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Reads one document.
pub fn load(path: &Path) -> Result<Source, LoadError> {
    let name = path.display().to_string();
    let fail = |line: usize, message: String| LoadError { file: name.clone(), line, message };
    let meta = std::fs::metadata(path).map_err(|e| fail(0, format!("cannot read: {}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(fail(0, "is a folder; name the documents inside it".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(fail(
            0,
            format!("is {} MiB; documents over {} MiB are not read", meta.len() >> 20, MAX_BYTES >> 20),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(0, format!("cannot read: {}", io_reason(&e))))?;
    decode(&name, bytes)
}

/// Checks that bytes are a text document and decodes them.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<Source, LoadError> {
    let line_of = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(nul) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        return Err(LoadError {
            file: name.into(),
            line: line_of(nul),
            message: "is a binary file, not a document".into(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(LoadError {
                file: name.into(),
                line,
                message: format!("is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8"),
            })
        }
    }
}

/// The `.prisma` files of a schema file or folder, in name order; errors are printed and
/// become the bad-input exit code.
pub fn schema_sources(path: &Path) -> Result<Vec<Source>, u8> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        super::exit::BAD_INPUT
    };
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        let entries =
            std::fs::read_dir(path).map_err(|e| fail(format!("{}: cannot read the folder: {e}", path.display())))?;
        let mut files: Vec<_> =
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "prisma")).collect();
        files.sort();
        if files.is_empty() {
            return Err(fail(format!("{}: no .prisma files in this folder", path.display())));
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files.iter().map(|f| load(f).map_err(|e| fail(e.to_string()))).collect()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_bad_utf8_with_a_line() {
        let e = decode("a.md", b"line\nline\n\0x".to_vec()).expect_err("binary");
        assert_eq!((e.line, e.message.contains("binary")), (3, true));
        let e = decode("a.md", b"ok\n\xff\xfe".to_vec()).expect_err("not utf-8");
        assert_eq!(e.to_string(), "a.md:2: is not UTF-8 text (invalid byte at offset 3); save it as UTF-8");
        assert!(decode("a.md", "# fine\n".as_bytes().to_vec()).is_ok());
    }

    #[test]
    fn missing_file_is_named() {
        let e = load(Path::new("/no/such/doc.md")).expect_err("missing");
        assert_eq!(e.to_string(), "/no/such/doc.md: cannot read: no such file");
    }
}
