using System.Text;

namespace LinkedInBot.Sandbox;

/// <summary>What LinkedIn shows for a commentary. Stand-in until the core's LittleText.Render lands on main.</summary>
internal static class SandboxCommentary
{
    private const string Reserved = "|{}@[]()<>#\\*_~";

    public static string Render(string commentary)
    {
        var shown = new StringBuilder(commentary.Length);
        for (var i = 0; i < commentary.Length; i++)
        {
            var c = commentary[i];
            if (c == '\\' && i + 1 < commentary.Length)
            {
                shown.Append(commentary[++i]);
            }
            else if (c == '#' && i + 1 < commentary.Length && char.IsLetterOrDigit(commentary[i + 1]))
            {
                shown.Append(c);
            }
            else if (Reserved.Contains(c, StringComparison.Ordinal))
            {
                break;
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }
}
