using Microsoft.Extensions.Logging;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Members;

/// <summary>
/// A member. Every change stamps the fields and entries it touched (<see cref="MemberState.Stamp"/>) with this silo's hybrid
/// logical clock, so that a concurrent write in another region to other fields or entries merges with it
/// (<see cref="MemberStateMerge"/>) instead of replacing it.
/// </summary>
[GrainType("member")]
public sealed class MemberGrain(
    [PersistentState(StorageNames.MemberState, StorageNames.ReplicatedStore)] IPersistentState<MemberState> state,
    TimeProvider clock,
    HybridLogicalClock stamps,
    SiloRegion region,
    ILogger<MemberGrain> logger) : Grain, IMemberGrain
{
    /// <summary>What <see cref="Get"/> answers until the next write (a home screen reads the member on every draw).</summary>
    private MemberView? _view;

    private string MemberId => this.GetPrimaryKeyString();

    public Task<MemberView?> Get() => Task.FromResult(state.State.Profile is null ? null : _view ??= View());

    public Task<MemberPlayback?> PlaybackProfile(string titleId) => Task.FromResult(state.State.Profile is not { } profile ? null
        : new MemberPlayback(profile, state.State.Plan, Plans.CapsOf(state.State.Plan), state.State.ResumePoints.GetValueOrDefault(titleId)));

    public async Task<MemberView> Register(MemberProfile profile, PlanTier plan, Device[] devices)
    {
        CheckRegistration(profile, plan, devices);
        ApplyRegistration(profile, plan, devices);
        return await Save();
    }

    public async Task Import(MemberRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.MemberId != MemberId) throw new ArgumentException($"record of member '{record.MemberId}' sent to member '{MemberId}'", nameof(record));
        CheckRegistration(record.Profile, record.Plan, record.Devices);
        if (record.SignIn is null)
        {
            ApplyRegistration(record.Profile, record.Plan, record.Devices);
            await Save();
            return;
        }
        await SaveWithSignIn(MemberRules.Check(record.SignIn), () => ApplyRegistration(record.Profile, record.Plan, record.Devices));
    }

    public Task SetSignIn(MemberSignIn signIn)
    {
        EnsureExists();
        return SaveWithSignIn(MemberRules.Check(signIn), apply: null);
    }

    public Task<MemberSignIn?> SignIn() => Task.FromResult(state.State.Profile is null ? null : state.State.SignIn);

    public async Task<MemberView> UpdateProfile(MemberProfile profile)
    {
        EnsureExists();
        MemberRules.Check(profile);
        state.State.Profile = profile;
        state.State.Stamp(MemberKeys.Profile, stamps.Next());
        return await Save();
    }

    public async Task<MemberView> ChangePlan(PlanTier plan)
    {
        EnsureExists();
        MemberRules.Check(plan);
        state.State.Plan = plan;
        state.State.Stamp(MemberKeys.Plan, stamps.Next());
        return await Save();
    }

    public async Task<MemberView> AddDevice(Device device)
    {
        EnsureExists();
        MemberRules.Check(device);
        var devices = state.State.Devices;
        devices.RemoveAll(d => d.DeviceId == device.DeviceId);
        if (devices.Count >= MemberRules.MaxDevices)
            throw new InvalidOperationException($"member already has {MemberRules.MaxDevices} devices");
        devices.Add(device);
        devices.Sort((x, y) => string.CompareOrdinal(x.DeviceId, y.DeviceId));
        state.State.Stamp(MemberKeys.Device(device.DeviceId), stamps.Next());
        return await Save();
    }

    public async Task<MemberView> RemoveDevice(string deviceId)
    {
        EnsureExists();
        GrainKeys.Validate(deviceId, "device");
        if (state.State.Devices.RemoveAll(d => d.DeviceId == deviceId) == 0) throw new NotFoundException("device", deviceId);
        state.State.Stamp(MemberKeys.Device(deviceId), stamps.Next()); // the removal's stamp: a tombstone
        return await Save();
    }

    public Task RecordViewing(ViewingEvent viewing) => RecordViewings([viewing]);

    public async Task RecordViewings(ViewingEvent[] viewings)
    {
        EnsureExists();
        ArgumentNullException.ThrowIfNull(viewings);
        foreach (var viewing in viewings)
        {
            ArgumentNullException.ThrowIfNull(viewing, nameof(viewings));
            GrainKeys.Validate(viewing.TitleId, "title");
            MemberRules.CheckPosition(viewing.Position);
        }
        // The stored history is kept in the merge's canonical order; a row written before that order existed is sorted once.
        if (!MemberStateMerge.IsInStoredOrder(state.State.History)) state.State.History = MemberStateMerge.Newest(state.State.History);
        MemberStateMerge.Insert(state.State.History, viewings);
        await Save();
    }

    public async Task SetResumePoint(string titleId, TimeSpan position)
    {
        EnsureExists();
        GrainKeys.Validate(titleId, "title");
        MemberRules.CheckPosition(position);
        state.State.ResumePoints[titleId] = new ResumePoint(titleId, position, clock.GetUtcNow());
        state.State.Stamp(MemberKeys.Resume(titleId), stamps.Next());
        await Save();
    }

    public async Task Rate(string titleId, Thumb thumb)
    {
        EnsureExists();
        GrainKeys.Validate(titleId, "title");
        if (!Enum.IsDefined(thumb)) throw new ArgumentException("unknown thumb", nameof(thumb));
        if (thumb == Thumb.None) state.State.Ratings.Remove(titleId);
        else state.State.Ratings[titleId] = new TitleRating(titleId, thumb, clock.GetUtcNow());
        state.State.Stamp(MemberKeys.Rating(titleId), stamps.Next()); // Thumb.None leaves a tombstone
        await Save();
    }

    private static void CheckRegistration(MemberProfile profile, PlanTier plan, Device[] devices)
    {
        MemberRules.Check(profile);
        MemberRules.Check(plan);
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Length > MemberRules.MaxDevices) throw new ArgumentException($"at most {MemberRules.MaxDevices} devices", nameof(devices));
        foreach (var device in devices) MemberRules.Check(device);
    }

    private void ApplyRegistration(MemberProfile profile, PlanTier plan, Device[] devices)
    {
        var stamp = stamps.Next();
        var s = state.State;
        s.Profile = profile;
        s.Plan = plan;
        s.Stamp(MemberKeys.Profile, stamp);
        s.Stamp(MemberKeys.Plan, stamp);
        var replaced = s.Devices.Select(d => d.DeviceId).ToList();
        s.Devices = [.. devices.DistinctBy(d => d.DeviceId).OrderBy(d => d.DeviceId, StringComparer.Ordinal)];
        // Every device of the new list, and a tombstone for every device it drops.
        foreach (var deviceId in replaced.Union(s.Devices.Select(d => d.DeviceId))) s.Stamp(MemberKeys.Device(deviceId), stamp);
    }

    /// <summary>
    /// Writes a new sign-in (and whatever <paramref name="apply"/> changes) keeping the email index in step: the new email
    /// is claimed first (another holder refuses it before anything changes), then the member is written, then the previous
    /// email is released. A failed write releases the new claim unless storage kept the write anyway (a write committed
    /// here whose copy to other regions was not acknowledged reloads with the new email: the claim stays).
    /// Never logs the email or the hash.
    /// </summary>
    private async Task SaveWithSignIn(MemberSignIn next, Action? apply)
    {
        var previous = state.State.SignIn?.Email;
        await GrainFactory.GetGrain<IMemberEmailGrain>(next.Email).Claim(MemberId);
        apply?.Invoke();
        state.State.SignIn = next;
        state.State.Stamp(MemberKeys.SignIn, stamps.Next());
        try
        {
            await Save();
        }
        catch
        {
            // Save rolled the state back to what storage holds.
            var kept = state.State.SignIn?.Email;
            if (kept != next.Email) await ReleaseQuietly(next.Email);
            else if (previous is not null && previous != next.Email) await ReleaseQuietly(previous);
            throw;
        }
        if (previous is not null && previous != next.Email) await ReleaseQuietly(previous);
    }

    /// <summary>
    /// Releases an email this member no longer uses. A failure leaves a stale claim, which the index lets go when another
    /// member claims the email (it asks this member first), so it is logged, not thrown: the member's own write stands.
    /// </summary>
    private async Task ReleaseQuietly(string email)
    {
        try
        {
            await GrainFactory.GetGrain<IMemberEmailGrain>(email).Release(MemberId);
        }
        catch (Exception e)
        {
            logger.LogWarning("Member {MemberId} could not release its previous sign-in email ({Reason}); the index keeps a stale claim until the email is claimed again",
                MemberId, e.GetType().Name);
        }
    }

    private void EnsureExists()
    {
        if (state.State.Profile is null) throw new NotFoundException("member", MemberId);
    }

    private async Task<MemberView> Save()
    {
        _view = null;
        state.State.CountWrite(region.Name);
        // The one order every region stores a member in, so the copies of a member compare equal once merged.
        state.State = MemberStateMerge.Canonical(state.State);
        try
        {
            await state.WriteOrRollBackAsync();
        }
        finally
        {
            _view = null; // written, or rolled back to what storage holds
        }
        return _view = View();
    }

    private MemberView View()
    {
        var s = state.State;
        return new MemberView(
            MemberId,
            s.Profile!,
            s.Plan,
            Plans.CapsOf(s.Plan),
            [.. s.Devices],
            [.. s.History],
            [.. s.ResumePoints.Values.OrderByDescending(r => r.UpdatedAt)],
            [.. s.Ratings.Values.OrderBy(r => r.TitleId, StringComparer.Ordinal)],
            s.Version,
            s.SignIn?.Email);
    }
}
