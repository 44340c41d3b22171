using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LinkedInBot.Tests.Fakes;

/// <summary><c>getChatMember</c>: everyone is a plain member of every chat unless a test makes them an admin or the creator.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly Dictionary<(long Chat, long User), string> _memberStatus = [];

    /// <summary><paramref name="user"/> is <paramref name="status"/> ("administrator" or "creator") of <paramref name="chat"/>.</summary>
    public void MakeAdmin(FakeTelegramChat chat, FakeTelegramUser user, string status = "administrator")
    {
        lock (_memberStatus)
        {
            _memberStatus[(chat.Id, user.Id)] = status;
        }
    }

    private Task AnswerGetChatMemberAsync(HttpContext context, TelegramCall call)
    {
        var chat = long.Parse(call.GetString("chat_id")!, System.Globalization.CultureInfo.InvariantCulture);
        var user = long.Parse(call.GetString("user_id")!, System.Globalization.CultureInfo.InvariantCulture);
        string status;
        lock (_memberStatus)
        {
            status = _memberStatus.TryGetValue((chat, user), out var known) ? known : "member";
        }

        var member = new JsonObject
        {
            ["status"] = status,
            ["user"] = new JsonObject { ["id"] = user, ["is_bot"] = false, ["first_name"] = "User" + user },
        };
        if (status == "administrator")
        {
            member["can_be_edited"] = false;
            member["is_anonymous"] = false;
            member["can_manage_chat"] = true;
            member["can_delete_messages"] = true;
            member["can_manage_video_chats"] = true;
            member["can_restrict_members"] = true;
            member["can_promote_members"] = false;
            member["can_change_info"] = true;
            member["can_invite_users"] = true;
            member["can_post_stories"] = false;
            member["can_edit_stories"] = false;
            member["can_delete_stories"] = false;
        }
        else if (status == "creator")
        {
            member["is_anonymous"] = false;
        }

        return WriteResultAsync(context, member);
    }
}
