-- Argo CD health check for DatabaseCluster (dbaas.io/v1alpha1).
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
if status == nil or status.phase == nil then
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

local phase = status.phase
local ready = condition(status, "Ready")
local specValid = condition(status, "SpecValid")
local backup = condition(status, "BackupHealthy")
local readyMessage = explain(ready, "no Ready condition yet")

if phase == "Invalid" or (specValid ~= nil and specValid.status == "False") then
  hs.status = "Degraded"
  local reason = "InvalidSpec"
  if specValid ~= nil and specValid.reason ~= nil then
    reason = specValid.reason
  end
  if phase == "Invalid" then
    hs.message = "Invalid spec (" .. reason .. "): " .. explain(specValid, readyMessage)
  else
    hs.message = "Blocked (" .. reason .. "): " .. explain(specValid, readyMessage)
  end
  return hs
end

if phase == "Failed" then
  hs.status = "Degraded"
  hs.message = "Failed: " .. readyMessage
  return hs
end

if phase == "Deleting" then
  local stuck = { RetainFailed = true, WipeFailed = true, WipeOutBlocked = true, WipeOutInvalid = true }
  if ready ~= nil and stuck[ready.reason] then
    hs.status = "Degraded"
  else
    hs.status = "Progressing"
  end
  hs.message = "Deleting: " .. readyMessage
  return hs
end

if phase == "Stopped" then
  hs.status = "Suspended"
  hs.message = "Stopped: " .. readyMessage
  return hs
end

if phase == "Pending" and ready ~= nil and ready.reason == "ReconciliationPaused" then
  hs.status = "Suspended"
  hs.message = "Paused: " .. readyMessage
  return hs
end

if phase == "Ready" then
  if ready ~= nil and ready.status ~= "True" then
    hs.status = "Progressing"
    hs.message = "Ready phase, but the Ready condition is " .. tostring(ready.status) .. ": " .. readyMessage
    return hs
  end
  if backup ~= nil and backup.status == "False" and backup.reason ~= "BackupNotConfigured" then
    hs.status = "Degraded"
    hs.message = "Ready, but backups are unhealthy (" .. tostring(backup.reason) .. "): " .. explain(backup, "no message")
    return hs
  end
  hs.status = "Healthy"
  hs.message = "Ready: " .. readyMessage
  return hs
end

if phase == "Pending" or phase == "Creating" or phase == "Updating" or phase == "Restoring" or phase == "Stopping" then
  hs.status = "Progressing"
  hs.message = phase .. ": " .. readyMessage
  return hs
end

hs.status = "Unknown"
hs.message = "Unknown phase " .. tostring(phase) .. ": " .. readyMessage
return hs
