using Orleans.Netflix.Common;

namespace Orleans.Netflix.Members;

/// <summary>
/// One member, keyed by member id. Reads of an unregistered member return null; updates to one
/// throw <see cref="NotFoundException"/>. Every update is a single grain turn, so parallel writers
/// never lose each other's changes.
/// </summary>
[Alias("netflix.IMemberGrain")]
public interface IMemberGrain : INetflixGrain
{
    [Alias("Get")]
    Task<MemberView?> Get();

    /// <summary>Creates the member, or replaces profile, plan and devices of an existing one (history is kept).</summary>
    /// <summary>What pressing play needs of a member, without the history: profile, plan, and the resume point for one title. Null when unregistered.</summary>
    [Alias("PlaybackProfile"), Orleans.Concurrency.ReadOnly]
    Task<MemberPlayback?> PlaybackProfile(string titleId);

    [Alias("Register")]
    Task<MemberView> Register(MemberProfile profile, PlanTier plan, Device[] devices);

    [Alias("UpdateProfile")]
    Task<MemberView> UpdateProfile(MemberProfile profile);

    [Alias("ChangePlan")]
    Task<MemberView> ChangePlan(PlanTier plan);

    [Alias("AddDevice")]
    Task<MemberView> AddDevice(Device device);

    [Alias("RemoveDevice")]
    Task<MemberView> RemoveDevice(string deviceId);

    [Alias("RecordViewing")]
    Task RecordViewing(ViewingEvent viewing);

    /// <summary>Several viewings in one write, in the order given (imported history); all are checked before any is kept.</summary>
    [Alias("RecordViewings")]
    Task RecordViewings(ViewingEvent[] viewings);

    [Alias("SetResumePoint")]
    Task SetResumePoint(string titleId, TimeSpan position);

    [Alias("Rate")]
    Task Rate(string titleId, Thumb thumb);

    /// <summary>
    /// Sets the member's email and password hash; claims the email in <see cref="IMemberEmailGrain"/> (refuses with
    /// <see cref="EmailTakenException"/> when another member holds it; releases the member's previous email).
    /// The email is normalized (<see cref="MemberEmails.Normalize"/>); the hash is a PasswordHasher hash, never a password.
    /// </summary>
    [Alias("SetSignIn"), TrustedTierOnly]
    Task SetSignIn(MemberSignIn signIn);

    /// <summary>The sign-in (email + hash) for the website to verify a password against; null when the member has none or does not exist.</summary>
    [Alias("SignIn"), TrustedTierOnly, Orleans.Concurrency.ReadOnly]
    Task<MemberSignIn?> SignIn();

    /// <summary>
    /// What <see cref="Register"/> does, and the record's sign-in (when it has one) in the same write, claimed as
    /// <see cref="SetSignIn"/> claims it: how imports and the seed load members.
    /// </summary>
    [Alias("Import"), TrustedTierOnly]
    Task Import(MemberRecord record);
}
