namespace LinkedInBot.Core.Posting;

/// <summary>What of a chat message's text may reach LinkedIn.</summary>
public static class PostText
{
    /// <summary>
    /// Drops NUL and the other control characters (Unicode Cc), keeping line breaks and tabs: they are invisible in
    /// chat apps, and LinkedIn may refuse or mangle a post that carries them.
    /// </summary>
    public static string WithoutControlCharacters(string text)
    {
        if (!text.AsSpan().ContainsAny(ControlCharacters))
        {
            return text;
        }

        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n' or '\r' or '\t')
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Where(c => c is not '\n' and not '\r' and not '\t').Select(c => (char)c).ToArray());
}
