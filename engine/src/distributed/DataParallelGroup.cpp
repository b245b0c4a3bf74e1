#include "DataParallelGroup.h"

#include "fovea/Error.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef FOVEA_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <torch/csrc/utils/tensor_flatten.h>

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <map>

namespace fovea {
namespace {

bool isLoopback(const std::string& address)
{
    return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

/// Gloo's network device: the interface GLOO_SOCKET_IFNAME names (as in Python), loopback for a
/// run on one machine, otherwise the address this host's name resolves to.
std::shared_ptr<::gloo::transport::Device> glooDevice(const DistributedLaunch& launch)
{
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    if (isLoopback(launch.masterAddress))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

/// c10::Error's what() carries a stack trace: the user needs the first line only.
std::string reason(const std::exception& error)
{
    if (const auto* c10Error = dynamic_cast<const c10::Error*>(&error))
        return c10Error->what_without_backtrace();
    return error.what();
}

} // namespace

DataParallelGroup::DataParallelGroup(const DistributedLaunch& launch,
                                     std::chrono::milliseconds timeout, const torch::Device& device)
    : m_launch(launch)
    , m_timeout(timeout)
    , m_device(device)
{
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(launch.masterPort);
        options.timeout = timeout;
        options.numWorkers = static_cast<std::size_t>(launch.worldSize);
        // Under torchrun the agent serves the store; otherwise rank 0 does (as Python's
        // env:// rendezvous).
        options.isServer = !launch.agentStore && launch.rank == 0;
        options.multiTenant = true;
        c10::intrusive_ptr<c10d::Store> store =
            c10::make_intrusive<c10d::TCPStore>(launch.masterAddress, options);
        if (launch.agentStore)
            store = c10::make_intrusive<c10d::PrefixStore>(
                fmt::format("/worker/attempt_{}", launch.restartCount), store);
        m_store = store;
    } catch (const std::exception& error) {
        throw Error(ErrorCode::Communication,
                    fmt::format("{}: the rendezvous at {}:{} failed within {} s: {}. Are all {} "
                                "processes started with the same MASTER_ADDR and MASTER_PORT, and "
                                "can this machine reach that address?",
                                describe(), launch.masterAddress, launch.masterPort,
                                timeout.count() / 1000.0, reason(error), launch.worldSize));
    }
    try {
#ifdef FOVEA_WITH_NCCL
        if (device.is_cuda()) {
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeout;
            m_processGroup = c10::make_intrusive<c10d::ProcessGroupNCCL>(m_store, launch.rank,
                                                                         launch.worldSize, options);
            return;
        }
#endif
        if (device.is_cuda())
            throw Error(ErrorCode::InvalidArgument,
                        "this build of Fovea has no NCCL; a distributed run on CUDA needs a "
                        "libtorch built with it (or set \"device\": \"cpu\")");
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        options->devices.push_back(glooDevice(launch));
        m_processGroup = c10::make_intrusive<c10d::ProcessGroupGloo>(m_store, launch.rank,
                                                                     launch.worldSize, options);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& error) {
        fail(error, "connecting to the other ranks");
    }
}

DataParallelGroup::~DataParallelGroup() = default;

std::string DataParallelGroup::describe() const
{
    return fmt::format("rank {} of {}", m_launch.rank, m_launch.worldSize);
}

void DataParallelGroup::fail(const std::exception& error, const std::string& during) const
{
    throw Error(ErrorCode::Communication,
                fmt::format("{}: {} failed (timeout {} s): {}. Another rank probably failed, was "
                            "stopped or never started; its own output says why.",
                            describe(), during, m_timeout.count() / 1000.0, reason(error)));
}

torch::Tensor DataParallelGroup::onCommunicationDevice(const torch::Tensor& tensor) const
{
    return tensor.device() == m_device ? tensor : tensor.to(m_device);
}

void DataParallelGroup::allReduceSum(torch::Tensor& tensor)
{
    std::vector<torch::Tensor> tensors{onCommunicationDevice(tensor)};
    try {
        m_processGroup->allreduce(tensors)->wait();
    } catch (const std::exception& error) {
        fail(error, "summing figures across the ranks");
    }
    if (!tensors.front().is_same(tensor))
        tensor.copy_(tensors.front());
}

bool DataParallelGroup::anyRank(bool flag)
{
    torch::Tensor value = torch::full({1}, flag ? 1.0F : 0.0F);
    allReduceSum(value);
    return value.item<float>() > 0.0F;
}

void DataParallelGroup::broadcastFromMain(const std::vector<torch::Tensor>& tensors)
{
    // One message per dtype: flatten, send, copy back (into whatever layout each tensor has).
    std::map<at::ScalarType, std::vector<torch::Tensor>> byType;
    for (const torch::Tensor& tensor : tensors)
        if (tensor.defined() && tensor.numel() > 0)
            byType[tensor.scalar_type()].push_back(tensor);
    try {
        for (auto& [type, group] : byType) {
            std::vector<torch::Tensor> flat{torch::utils::flatten_dense_tensors(group)};
            c10d::BroadcastOptions options;
            options.rootRank = 0;
            m_processGroup->broadcast(flat, options)->wait();
            if (m_launch.rank == 0)
                continue;
            const std::vector<torch::Tensor> parts =
                torch::utils::unflatten_dense_tensors(flat.front(), group);
            torch::NoGradGuard noGrad;
            for (std::size_t i = 0; i < group.size(); ++i)
                group[i].copy_(parts[i]);
        }
    } catch (const std::exception& error) {
        fail(error, "sharing rank 0's weights");
    }
}

std::string DataParallelGroup::broadcastTextFromMain(const std::string& text)
{
    try {
        // The length first: the other ranks size their buffers by it.
        std::vector<torch::Tensor> length{
            onCommunicationDevice(torch::full({1}, std::int64_t(text.size()), torch::kLong))};
        c10d::BroadcastOptions options;
        options.rootRank = 0;
        m_processGroup->broadcast(length, options)->wait();
        std::string received(static_cast<std::size_t>(length.front().item<std::int64_t>()), '\0');
        if (m_launch.rank == 0)
            received = text;
        if (received.empty())
            return received;
        std::vector<torch::Tensor> bytes{onCommunicationDevice(
            torch::from_blob(received.data(), {std::int64_t(received.size())}, torch::kUInt8))};
        m_processGroup->broadcast(bytes, options)->wait();
        if (bytes.front().data_ptr() != received.data())
            std::memcpy(received.data(), bytes.front().cpu().data_ptr(), received.size());
        return received;
    } catch (const std::exception& error) {
        fail(error, "comparing the ranks' settings");
    }
}

} // namespace fovea
