//! The Vietnamese of an environment failure (the English is its `Display`): a folder that cannot
//! be read, a lock, a port in use. The system's reason (`source`) stays in the operating
//! system's words; a refusal (`Error::Refused`) carries its own Vietnamese.

use super::Error;

/// What `error` says, in Vietnamese.
pub fn vietnamese(error: &Error) -> String {
    match error {
        Error::Read { path, source } => format!("không đọc được {}: {source}", path.display()),
        Error::Write { path, source } => format!("không ghi được {}: {source}", path.display()),
        Error::ListDir { path, source } => format!("không liệt kê được thư mục {}: {source}", path.display()),
        Error::Rename { from, to, source } => {
            format!("không chuyển được {} thành {}: {source}", from.display(), to.display())
        }
        Error::Remove { path, source } => format!("không xóa được {}: {source}", path.display()),
        Error::NotAManual { path } => {
            format!("{0} không phải thư mục sổ tay: không có sotay.toml (chạy `sotay init {0}` để tạo)", path.display())
        }
        Error::NotEmpty { path } => format!("{} đã có và không trống; chọn một thư mục mới", path.display()),
        Error::Exists { path } => format!("{} đã có; chọn mã khác hoặc sửa tệp đang có", path.display()),
        Error::Refused(text) => text.vi.clone(),
        other => output_folder(other).unwrap_or_else(|| elsewhere(other)),
    }
}

/// The refusals of an output folder.
fn output_folder(error: &Error) -> Option<String> {
    let own = "mỗi lần dựng thay toàn bộ thư mục đầu ra; chọn một thư mục riêng";
    Some(match error {
        Error::OutputInsideSources { out, inside } => format!(
            "thư mục đầu ra {} nằm trong {} của sổ tay; chọn thư mục đầu ra bên ngoài",
            out.display(),
            inside.display()
        ),
        Error::OutputIsRoot { out } => format!(
            "thư mục đầu ra không thể là thư mục gốc {}: {own}, ví dụ public/ của sổ tay (mặc định khi không ghi --out)",
            out.display()
        ),
        Error::OutputIsManual { out } => format!(
            "thư mục đầu ra {} chính là thư mục sổ tay: {own}, ví dụ {}",
            out.display(),
            out.join("public").display()
        ),
        Error::OutputContainsManual { out, manual } => format!(
            "thư mục đầu ra {} chứa sổ tay {}: {own}, ví dụ {}",
            out.display(),
            manual.display(),
            manual.join("public").display()
        ),
        Error::Locked { out, lock } => format!(
            "một lần dựng khác đang ghi vào {} (tệp khóa {}); chờ nó xong, hoặc xóa tệp khóa nếu không có lần dựng nào đang chạy",
            out.display(),
            lock.display()
        ),
        _ => return None,
    })
}

/// The preview server's failures and usage errors.
fn elsewhere(error: &Error) -> String {
    match error {
        Error::PortInUse { addr, free: Some(port) } => format!("{addr} đang được dùng; thử --port {port}"),
        Error::PortInUse { addr, free: None } => format!("{addr} đang được dùng; chọn cổng khác bằng --port"),
        Error::Bind { addr, source } => format!("không mở được {addr}: {source}"),
        Error::Serve { source } => format!("máy chủ xem trước đã dừng: {source}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn failures_are_worded_in_vietnamese_and_kept_in_english() {
        let error = Error::NotAManual { path: PathBuf::from("so-tay") };
        assert_eq!(
            error.text().vi,
            "so-tay không phải thư mục sổ tay: không có sotay.toml (chạy `sotay init so-tay` để tạo)"
        );
        assert_eq!(error.text().en, error.to_string());
        let locked = Error::Locked { out: PathBuf::from("public"), lock: PathBuf::from(".lock") };
        assert!(vietnamese(&locked).starts_with("một lần dựng khác đang ghi vào public"));
        let port = Error::PortInUse { addr: "127.0.0.1:1111".parse().unwrap(), free: Some(1112) };
        assert_eq!(vietnamese(&port), "127.0.0.1:1111 đang được dùng; thử --port 1112");
        let refused =
            Error::Refused(crate::diagnostic::Text::new("--format csv chỉ dùng với …", "--format csv is only for …"));
        assert_eq!(vietnamese(&refused), "--format csv chỉ dùng với …");
        assert_eq!(refused.to_string(), "--format csv is only for …");
    }
}
