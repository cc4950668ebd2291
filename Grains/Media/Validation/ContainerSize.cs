using System.Buffers.Binary;
using System.Globalization;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Whether a file holds as many bytes as its container's own structure says, read from a few headers only:
/// MP4/MOV top-level boxes (each states its size) and a Matroska/WebM Segment (which states its size unless it
/// was written live). A file cut short fails this whatever its layout: with its index (moov) at the front the
/// media box runs past the end; with it at the end the index is cut or missing.
/// </summary>
public static class ContainerSize
{
    private const uint EbmlHeaderId = 0x1A45DFA3;
    private const ulong SegmentId = 0x18538067;

    /// <summary>How the file falls short of what its container says ("its 'mdat' box needs 1.2 MB more"), or null when it does not or cannot tell.</summary>
    public static string? Shortfall(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[16];
        if (file.Read(head, 0, head.Length) < 8) return null;
        return IsIsoBox(head) ? IsoShortfall(file) : BinaryPrimitives.ReadUInt32BigEndian(head) == EbmlHeaderId ? MatroskaShortfall(file) : null;
    }

    /// <summary>Whether the file starts like an MP4/MOV (so a missing index means a file cut short, not a file that never was one).</summary>
    public static bool LooksLikeMp4(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[8];
        return file.Read(head, 0, head.Length) == 8 && IsIsoBox(head);
    }

    /// <summary>An MP4 starts with a box whose type is printable ASCII and usually 'ftyp' (or 'moov', 'mdat', 'free', 'wide', 'skip').</summary>
    private static bool IsIsoBox(byte[] head) => System.Text.Encoding.ASCII.GetString(head, 4, 4) is "ftyp" or "moov" or "mdat" or "free" or "wide" or "skip";

    private static string? IsoShortfall(FileStream file)
    {
        var length = file.Length;
        var header = new byte[16];
        long offset = 0;
        while (offset < length)
        {
            file.Position = offset;
            var read = file.Read(header, 0, 16);
            if (read < 8) return null; // a few stray bytes at the end: ffprobe and the scan judge those
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            if (size == 1)
            {
                if (read < 16) return $"it ends inside the header of its '{type}' box";
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            }
            else if (size == 0)
            {
                return null; // "to the end of the file": nothing to compare
            }
            if (size < 8) return null; // not a box structure this reads: leave it to ffprobe
            if (offset + size > length) return $"its '{type}' box needs {Bytes(offset + size - length)} more than the file holds";
            offset += size;
        }
        return null;
    }

    private static string? MatroskaShortfall(FileStream file)
    {
        file.Position = 4;
        if (ReadVint(file, keepMarker: false) is not { } headerSize) return null;
        file.Position += (long)headerSize.Number;
        if (ReadVint(file, keepMarker: true) is not { Number: SegmentId }) return null;
        if (ReadVint(file, keepMarker: false) is not { } segmentSize || segmentSize.AllOnes) return null; // unknown size: written live
        var end = file.Position + (long)segmentSize.Number;
        return end > file.Length ? $"its Matroska segment needs {Bytes(end - file.Length)} more than the file holds" : null;
    }

    /// <summary>An EBML variable-length integer: an element id (marker kept) or a size (marker dropped; all ones means unknown).</summary>
    private static (ulong Number, bool AllOnes)? ReadVint(FileStream file, bool keepMarker)
    {
        var first = file.ReadByte();
        if (first <= 0) return null;
        var length = 1;
        while (length <= 8 && (first & (0x80 >> (length - 1))) == 0) length++;
        if (length > 8) return null;
        var value = keepMarker ? (ulong)first : (ulong)(first & (0xFF >> length));
        var allOnes = value == (ulong)(0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            var next = file.ReadByte();
            if (next < 0) return null;
            value = (value << 8) | (uint)next;
            allOnes &= next == 0xFF;
        }
        return (value, allOnes);
    }

    private static string Bytes(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
