-- Argo CD health check for OpsRequest (dbaas.io/v1alpha1).
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
local progress = ""
if status.progress ~= nil then
  progress = " (" .. status.progress .. ")"
end

if phase == "Pending" then
  local queued = condition(status, "Queued")
  if queued ~= nil and queued.reason == "BlockedByFailedOp" then
    hs.status = "Suspended"
    hs.message = "Blocked: " .. explain(queued, "an earlier operation failed")
    return hs
  end
  hs.status = "Progressing"
  hs.message = "Pending"
  if status.queuePosition ~= nil and status.queuePosition > 0 then
    hs.message = hs.message .. " (" .. tostring(status.queuePosition) .. " ahead)"
  end
  hs.message = hs.message .. ": " .. explain(queued, "waiting to start")
  return hs
end

if phase == "Running" then
  hs.status = "Progressing"
  hs.message = "Running" .. progress .. ": " .. explain(condition(status, "Running"), "in progress")
  return hs
end

-- A final phase. After the first resync the Completed condition only says when the
-- OpsRequest will be deleted (reason Finished or Expired); the action log keeps the
-- outcome, as "<phase>: <message>".
local function outcome()
  local completed = condition(status, "Completed")
  local text = phase .. ": " .. explain(completed, "finished")
  if completed == nil or (completed.reason ~= "Finished" and completed.reason ~= "Expired") or status.actionLog == nil then
    return text
  end
  for i = #status.actionLog, 1, -1 do
    local entry = status.actionLog[i]
    if entry.message ~= nil and entry.message ~= text then
      return entry.message
    end
  end
  return text
end

if phase == "Succeeded" or phase == "Cancelled" then
  hs.status = "Healthy"
  hs.message = outcome()
  return hs
end

if phase == "Failed" or phase == "Aborted" then
  hs.status = "Degraded"
  hs.message = outcome()
  return hs
end

hs.status = "Unknown"
hs.message = "Unknown phase " .. tostring(phase)
return hs
