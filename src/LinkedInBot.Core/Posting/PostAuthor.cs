namespace LinkedInBot.Core.Posting;

/// <summary>Who a post is published as when it is not the member: a company page (<c>urn:li:organization:ID</c>) and its name.</summary>
public sealed record PostAuthor(string Urn, string Name);
