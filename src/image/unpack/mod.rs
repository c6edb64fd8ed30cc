//! Layer unpacking: applies gzip, zstd or uncompressed tar layers, in order,
//! onto a fresh rootfs directory, with OCI whiteout semantics, hard links,
//! setuid/setgid bits, xattrs (file capabilities) and containment of every
//! write inside that directory (see `safe_root`).

mod entry;
mod safe_root;
mod whiteout;
mod xattrs;

pub(crate) use whiteout::remove_any;

#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use tar::EntryType;

use super::error::ImageError;
use entry::{DirModes, EntryMeta, Kind};
use safe_root::{SafeRoot, archive_components};

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// Unpacks `layers` (blob files, lowest first) into `rootfs`, an existing empty
/// directory that no one else writes while this runs.
pub(crate) fn unpack_layers(rootfs: &Path, layers: &[PathBuf]) -> Result<(), ImageError> {
    let root = SafeRoot::new(rootfs);
    let mut dir_modes = DirModes::new();
    for layer in layers {
        // Two passes over the (on-disk) blob: whiteouts first, then content.
        for_each_entry(layer, |raw, entry| apply_whiteout(&root, raw, entry))?;
        for_each_entry(layer, |raw, entry| {
            apply_content(&root, raw, entry, &mut dir_modes)
        })?;
    }
    entry::apply_dir_modes(&root, dir_modes)
}

/// Opens a layer, picking the decompressor from the content's magic bytes rather
/// than the media type, which registries and tools do not always set right.
fn open_layer(layer: &Path) -> Result<Box<dyn Read>, ImageError> {
    let file = File::open(layer).map_err(ImageError::io("open layer", layer))?;
    let mut reader = BufReader::new(file);
    let head = reader
        .fill_buf()
        .map_err(ImageError::io("read layer", layer))?;
    if head.starts_with(GZIP_MAGIC) {
        Ok(Box::new(flate2::bufread::MultiGzDecoder::new(reader)))
    } else if head.starts_with(ZSTD_MAGIC) {
        // Streaming, and across concatenated frames (zstd:chunked writes many).
        let decoder = zstd::stream::read::Decoder::with_buffer(reader)
            .map_err(ImageError::io("read zstd layer", layer))?;
        Ok(Box::new(decoder))
    } else {
        Ok(Box::new(reader))
    }
}

type Entry<'a> = tar::Entry<'a, Box<dyn Read>>;

fn for_each_entry(
    layer: &Path,
    mut apply: impl FnMut(&Path, &mut Entry<'_>) -> Result<(), ImageError>,
) -> Result<(), ImageError> {
    let mut archive = tar::Archive::new(open_layer(layer)?);
    let entries = archive
        .entries()
        .map_err(ImageError::io("read layer", layer))?;
    for entry in entries {
        let mut entry = entry.map_err(ImageError::io("read layer", layer))?;
        let raw = entry
            .path()
            .map_err(ImageError::io("read entry path in", layer))?
            .into_owned();
        apply(&raw, &mut entry)?;
    }
    Ok(())
}

fn apply_whiteout(root: &SafeRoot, raw: &Path, _entry: &mut Entry<'_>) -> Result<(), ImageError> {
    let components = archive_components(raw)?;
    let Some((leaf, parents)) = components.split_last() else {
        return Ok(());
    };
    if !whiteout::is_whiteout(leaf) {
        return Ok(());
    }
    let leaf = leaf.to_str().expect("is_whiteout only accepts UTF-8 names");
    whiteout::apply(root, parents, leaf, &raw.display().to_string())
}

fn apply_content(
    root: &SafeRoot,
    raw: &Path,
    entry: &mut Entry<'_>,
    dir_modes: &mut DirModes,
) -> Result<(), ImageError> {
    let components = archive_components(raw)?;
    let name = raw.display().to_string();
    let Some(leaf) = components.last() else {
        // `./`: the rootfs directory itself keeps the mode we gave it.
        return Ok(());
    };
    if whiteout::is_whiteout(leaf) {
        return Ok(());
    }
    let xattrs = xattrs::from_pax(entry, &name)?;
    let header = entry.header();
    let meta = EntryMeta {
        mode: header
            .mode()
            .map_err(|e| ImageError::unsafe_layer(&name, e.to_string()))?,
        uid: header
            .uid()
            .map_err(|e| ImageError::unsafe_layer(&name, e.to_string()))?,
        gid: header
            .gid()
            .map_err(|e| ImageError::unsafe_layer(&name, e.to_string()))?,
        xattrs,
    };
    let link_target = || -> Result<PathBuf, ImageError> {
        match entry.link_name() {
            Ok(Some(target)) => Ok(target.into_owned()),
            Ok(None) => Err(ImageError::unsafe_layer(&name, "link without a target")),
            Err(e) => Err(ImageError::unsafe_layer(&name, e.to_string())),
        }
    };
    let kind = match header.entry_type() {
        EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => Kind::File,
        EntryType::Directory => Kind::Dir,
        EntryType::Symlink => Kind::Symlink(link_target()?),
        EntryType::Link => Kind::HardLink(link_target()?),
        other => {
            // Device nodes and FIFOs: the runtime provides /dev, and creating
            // device nodes from an untrusted image would be a host-access hole.
            tracing::warn!(entry = %name, kind = ?other, "skipping special file in image layer");
            return Ok(());
        }
    };
    entry::write_entry(root, &components, kind, &meta, entry, dir_modes, &name)
}
