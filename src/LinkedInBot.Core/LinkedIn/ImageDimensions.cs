using System.Buffers.Binary;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// Width and height of a PNG, GIF or JPEG read from its header, without decoding the picture (PNG: IHDR; GIF: the
/// logical screen; JPEG: the first start-of-frame segment).
/// </summary>
public static class ImageDimensions
{
    /// <summary>Null when the header does not say (a truncated or unusual file: LinkedIn then judges it).</summary>
    public static (int Width, int Height)? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return Positive(BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16, 4)), BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(20, 4)));
        }

        if (bytes.Length >= 10 && bytes.StartsWith("GIF8"u8))
        {
            return Positive(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(6, 2)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(8, 2)));
        }

        return bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 ? ReadJpeg(bytes) : null;
    }

    private static (int Width, int Height)? ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                return null;
            }

            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                // Fill byte before a marker.
                position++;
                continue;
            }

            // Markers without a length: TEM, RSTn, SOI.
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                position += 2;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                // End of image, or start of scan before any frame header: the header did not say.
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 2, 2));
            if (length < 2)
            {
                return null;
            }

            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): [length][precision][height][width].
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return position + 9 <= bytes.Length
                    ? Positive(BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 7, 2)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 5, 2)))
                    : null;
            }

            position += 2 + length;
        }

        return null;
    }

    private static (int Width, int Height)? Positive(uint width, uint height) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue ? ((int)width, (int)height) : null;
}
