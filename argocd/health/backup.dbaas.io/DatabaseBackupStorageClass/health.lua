-- Argo CD health check for DatabaseBackupStorageClass (backup.dbaas.io/v1alpha1).
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
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

local message = ready.message
if message == nil or message == "" then
  message = "no message"
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Usable: " .. message
  if status.usedBy ~= nil then
    hs.message = hs.message .. " (used by " .. tostring(status.usedBy) .. ")"
  end
  return hs
end

if ready.status == "False" then
  hs.status = "Degraded"
  hs.message = "Unusable (" .. tostring(ready.reason) .. "): " .. message
  return hs
end

hs.status = "Unknown"
hs.message = "Ready is " .. tostring(ready.status) .. ": " .. message
return hs
