using Orleans.Netflix.Common;

namespace Orleans.Netflix.Members;

/// <summary>Who the member is. Country is ISO 3166 alpha-2, language a BCP 47 tag such as "en" or "pt-BR".</summary>
[GenerateSerializer, Immutable, Alias("netflix.MemberProfile")]
public sealed record MemberProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Country,
    [property: Id(2)] string Language,
    [property: Id(3)] MaturityRating MaturityLimit);

public enum DeviceKind
{
    Tv,
    Web,
    Phone,
    Tablet,
}

[GenerateSerializer, Immutable, Alias("netflix.Device")]
public sealed record Device(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] DeviceKind Kind,
    [property: Id(2)] string Name);

/// <summary>One viewing: which title, when, and how far the member got.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ViewingEvent")]
public sealed record ViewingEvent(
    [property: Id(0)] string TitleId,
    [property: Id(1)] DateTimeOffset WatchedAt,
    [property: Id(2)] TimeSpan Position);

[GenerateSerializer, Immutable, Alias("netflix.ResumePoint")]
public sealed record ResumePoint(
    [property: Id(0)] string TitleId,
    [property: Id(1)] TimeSpan Position,
    [property: Id(2)] DateTimeOffset UpdatedAt);

public enum Thumb
{
    None,
    Up,
    Down,
}

[GenerateSerializer, Immutable, Alias("netflix.TitleRating")]
public sealed record TitleRating(
    [property: Id(0)] string TitleId,
    [property: Id(1)] Thumb Thumb,
    [property: Id(2)] DateTimeOffset RatedAt);

/// <summary>
/// Everything a member grain knows, as one snapshot. <see cref="Version"/> counts accepted updates,
/// so a caller can tell that none was lost. <see cref="Email"/> is the sign-in email (null until one is set); the
/// password hash is never part of the view (<see cref="IMemberGrain.SignIn"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.MemberView")]
public sealed record MemberView(
    [property: Id(0)] string MemberId,
    [property: Id(1)] MemberProfile Profile,
    [property: Id(2)] PlanTier Plan,
    [property: Id(3)] PlanCaps Caps,
    [property: Id(4)] Device[] Devices,
    [property: Id(5)] ViewingEvent[] History,
    [property: Id(6)] ResumePoint[] ResumePoints,
    [property: Id(7)] TitleRating[] Ratings,
    [property: Id(8)] long Version,
    [property: Id(9)] string? Email = null);

/// <summary>A member as the seed or an admin import hands it over; a sign-in, when given, replaces the member's.</summary>
[GenerateSerializer, Immutable, Alias("netflix.MemberRecord")]
public sealed record MemberRecord(
    [property: Id(0)] string MemberId,
    [property: Id(1)] MemberProfile Profile,
    [property: Id(2)] PlanTier Plan,
    [property: Id(3)] Device[] Devices,
    [property: Id(4)] MemberSignIn? SignIn = null);

/// <summary>The slice of a member that starting a playback reads.</summary>
[GenerateSerializer, Immutable, Alias("netflix.MemberPlayback")]
public sealed record MemberPlayback(
    [property: Id(0)] MemberProfile Profile,
    [property: Id(1)] PlanTier Plan,
    [property: Id(2)] PlanCaps Caps,
    [property: Id(3)] ResumePoint? Resume);
