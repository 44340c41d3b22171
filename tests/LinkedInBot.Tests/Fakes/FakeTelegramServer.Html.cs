using System.Globalization;
using System.Text;

namespace LinkedInBot.Tests.Fakes;

public sealed partial class FakeTelegramServer
{
    /// <summary>
    /// Telegram's HTML parse mode, strictly: only its tags, only &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric
    /// entities; a stray <c>&lt;</c> or <c>&amp;</c> is "can't parse entities" (TG: formatting options).
    /// </summary>
    public static class TelegramHtml
    {
        private static readonly HashSet<string> Tags = new(StringComparer.OrdinalIgnoreCase)
        {
            "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
        };

        public static bool TryParse(string html, out string visible, out string problem)
        {
            var text = new StringBuilder(html.Length);
            var open = new Stack<string>();
            visible = string.Empty;
            problem = string.Empty;
            for (var i = 0; i < html.Length; i++)
            {
                var c = html[i];
                if (c == '<')
                {
                    var end = html.IndexOf('>', i);
                    if (end < 0)
                    {
                        problem = $"Unclosed start tag at byte offset {i}";
                        return false;
                    }

                    var inside = html[(i + 1)..end];
                    var closing = inside.StartsWith('/');
                    var name = (closing ? inside[1..] : inside).Split(' ', 2)[0];
                    if (!Tags.Contains(name))
                    {
                        problem = $"Unsupported start tag \"{name}\" at byte offset {i}";
                        return false;
                    }

                    if (!closing)
                    {
                        open.Push(name);
                    }
                    else if (open.Count == 0 || !string.Equals(open.Pop(), name, StringComparison.OrdinalIgnoreCase))
                    {
                        problem = $"Unexpected end tag at byte offset {i}";
                        return false;
                    }

                    i = end;
                }
                else if (c == '&')
                {
                    var end = html.IndexOf(';', i);
                    var entity = end < 0 ? string.Empty : html[(i + 1)..end];
                    var decoded = entity switch
                    {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        _ when entity.StartsWith("#x", StringComparison.OrdinalIgnoreCase) && int.TryParse(entity.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) => char.ConvertFromUtf32(hex),
                        _ when entity.StartsWith('#') && int.TryParse(entity.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var dec) => char.ConvertFromUtf32(dec),
                        _ => null,
                    };
                    if (decoded is null)
                    {
                        problem = $"Unsupported entity at byte offset {i}";
                        return false;
                    }

                    text.Append(decoded);
                    i = end;
                }
                else
                {
                    text.Append(c);
                }
            }

            if (open.Count > 0)
            {
                problem = $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
                return false;
            }

            visible = text.ToString();
            return true;
        }
    }
}
