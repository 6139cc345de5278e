//! The tray icon's pixels: the app icon, decoded once at start.

use tray_icon::Icon;

const PNG: &[u8] = include_bytes!("../../../icons/128x128.png");

pub fn app_icon() -> Option<Icon> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(PNG));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    buf.truncate(info.buffer_size());
    Icon::from_rgba(buf, info.width, info.height).ok()
}
