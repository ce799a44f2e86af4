"""The CIRCUITPY drive as a FAT12 image, built and read on the host with no root and no tools.

The emulated Pico keeps its drive in flash as a FAT filesystem of 512-byte sectors;
rp2040py loads exactly 2 MiB of it. ``build_image`` formats such an image with ChaN's
FatFs (the same code CircuitPython formats with, through the ``fatfs-ng`` package)
and copies a folder into it; ``read_file`` and ``list_files`` read an image back,
e.g. the ``boot_out.txt`` the firmware wrote at boot.
"""

from pathlib import Path

from fatfs import RamDisk, create_extended_partition

SECTOR_SIZE = 512
IMAGE_SIZE = 2 * 1024 * 1024  # what rp2040py's CircuitPython flash layout holds
FAT12_MAX_CLUSTERS = 4084  # above this FatFs (and every FAT reader) calls it FAT16

# boot sector fields (little endian), as the FAT specification lays them out
BPB_SECTOR_SIZE = slice(11, 13)
BPB_SECTORS_PER_CLUSTER = 13
BPB_RESERVED_SECTORS = slice(14, 16)
BPB_FAT_COUNT = 16
BPB_ROOT_ENTRIES = slice(17, 19)
BPB_TOTAL_SECTORS = slice(19, 21)
BPB_SECTORS_PER_FAT = slice(22, 24)
DIR_ENTRY_SIZE = 32


def _field(image, where):
    return int.from_bytes(image[where], "little")


def cluster_count(image):
    """Data clusters of the volume: what decides FAT12 (at most 4084) over FAT16."""
    sector = _field(image, BPB_SECTOR_SIZE)
    root_sectors = (_field(image, BPB_ROOT_ENTRIES) * DIR_ENTRY_SIZE + sector - 1) // sector
    first_data = (_field(image, BPB_RESERVED_SECTORS)
                  + image[BPB_FAT_COUNT] * _field(image, BPB_SECTORS_PER_FAT) + root_sectors)
    return (_field(image, BPB_TOTAL_SECTORS) - first_data) // image[BPB_SECTORS_PER_CLUSTER]


def _partition(storage, format_it=False):
    partition = create_extended_partition(RamDisk(storage, sector_size=SECTOR_SIZE))
    if format_it:
        partition.mkfs()
    partition.mount()
    return partition


def build_image(folder):
    """A formatted 2 MiB FAT12 image (bytes) holding every file under ``folder``."""
    storage = bytearray(IMAGE_SIZE)
    partition = _partition(storage, format_it=True)
    root = Path(folder)
    for path in sorted(root.rglob("*")):
        name = "/" + path.relative_to(root).as_posix()
        if path.is_dir():
            partition.mkdir(name)
        else:
            partition.write_file(name, path.read_bytes())
    partition.unmount()
    fat12 = cluster_count(storage) <= FAT12_MAX_CLUSTERS
    if _field(storage, BPB_SECTOR_SIZE) != SECTOR_SIZE or not fat12:
        raise AssertionError("the formatter did not make a FAT12 volume of 512-byte sectors")
    return bytes(storage)


def read_file(image, name):
    """The bytes of ``name`` (a path from the drive's root) in ``image``."""
    partition = _partition(bytearray(image))
    try:
        return bytes(partition.read_file("/" + name.lstrip("/")))
    finally:
        partition.unmount()


def list_files(image):
    """Every file path in ``image``, from the root, sorted."""
    partition = _partition(bytearray(image))
    try:
        found = []
        for top, _dirs, files in partition.walk("/"):
            found += [(top.rstrip("/") + "/" + name).lstrip("/") for name in files]
        return sorted(found)
    finally:
        partition.unmount()
