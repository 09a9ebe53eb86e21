-- Argo CD health check for DatabaseBackup (backup.dbaas.io/v1alpha1).
-- Lua 5.1 as gopher-lua runs it: only the base and table libraries (no string, no math).
-- Source of truth: argocd/health/; manifests/components/argocd-health is generated from it.
local function condition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function explain(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

local hs = {}
local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the controller to report status"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the controller to observe generation " .. tostring(generation)
  if status.observedGeneration ~= nil then
    hs.message = hs.message .. " (status is from generation " .. tostring(status.observedGeneration) .. ")"
  end
  return hs
end

local ready = condition(status, "Ready")
local last = condition(status, "LastBackupSucceeded")
local fresh = condition(status, "BackupFresh")
local verified = condition(status, "Verified")

-- Ready=False: the runner is starting or the target has no endpoint yet (both pass
-- on their own), or the spec, its storage class, credentials or target are wrong.
local waiting = ready ~= nil and ready.status == "False" and (ready.reason == "RunnerNotReady" or ready.reason == "TargetNotReady")
if ready ~= nil and ready.status == "False" and not waiting then
  hs.status = "Degraded"
  hs.message = "Not ready (" .. tostring(ready.reason) .. "): " .. explain(ready, "no message")
  return hs
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Scheduled backups are suspended (spec.suspend)"
  return hs
end

if fresh ~= nil and fresh.status == "False" then
  hs.status = "Degraded"
  hs.message = "Overdue: " .. explain(fresh, "a backup is overdue")
  return hs
end

if last ~= nil and last.status == "False" then
  hs.status = "Degraded"
  hs.message = "Last backup failed: " .. explain(last, "no message")
  if status.consecutiveFailures ~= nil and status.consecutiveFailures > 1 then
    hs.message = hs.message .. " (" .. tostring(status.consecutiveFailures) .. " failures in a row)"
  end
  return hs
end

if verified ~= nil and verified.status == "False" then
  hs.status = "Degraded"
  hs.message = "Restore verification failed: " .. explain(verified, "no message")
  return hs
end

if fresh ~= nil and fresh.status == "Unknown" and fresh.reason == "NoFutureRun" then
  hs.status = "Degraded"
  hs.message = "Never runs: " .. explain(fresh, "the schedule never fires again")
  return hs
end

if ready ~= nil and ready.status == "Unknown" then
  hs.status = "Unknown"
  hs.message = "Runner state unknown: " .. explain(ready, "no message")
  return hs
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

if waiting then
  hs.status = "Progressing"
  hs.message = "Waiting (" .. ready.reason .. "): " .. explain(ready, "no message")
  return hs
end

hs.status = "Healthy"
hs.message = explain(fresh, explain(last, "the runner is up"))
return hs
