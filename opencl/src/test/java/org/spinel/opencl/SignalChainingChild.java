package org.spinel.opencl;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.spinel.networks.Network;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.neurons.LifCurrentNeuron;

/**
 * The child JVM of {@link OpenClSignalChainingTest}. {@code probe}: prints the probe's reason and whether an OpenCL
 * library got loaded. {@code stress N}: N rounds of an OpenCL kernel built from a new source (so that the driver's
 * LLVM compiles it and installs its signal handlers) followed by two Java threads in compiled loops that reach the
 * safepoint polls of a garbage collection together: without signal chaining this killed the JVM (SIGSEGV, exit 139,
 * no hs_err file) in 10 of 12 runs of 15 rounds on PoCL 3.1 / LLVM 15.
 */
final class SignalChainingChild {
    private SignalChainingChild() {
    }

    static Network network() {
        return Network.builder().dt(0.1).seed(7).population("P", 400, LifCurrentNeuron.cuba())
                .projection("PP", "P", "P", p -> p.target("ge").topology(new FixedProbability(0.05, false)).weight(1.5))
                .poissonSource("X", 100, 200.0).projection("XP", "X", "P", p -> p.target("ge")
                        .topology(new FixedProbability(0.1, false)).weight(3))
                .recordSpikes("P").build();
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("probe")) {
            OpenClDevice.Probe p = OpenClDevice.probe();
            String maps = Files.readString(Path.of("/proc/self/maps"));
            System.out.println("chosen=" + (p.chosen() != null));
            System.out.println("loaded=" + (maps.contains("libOpenCL") || maps.contains("libpocl")));
            System.out.println("reason=" + p.reason());
            return;
        }
        int rounds = Integer.parseInt(args[1]);
        int threads = 2;
        CL.setExceptionsEnabled(true);
        OpenClDevice.Info d = OpenClDevice.probe().chosen();
        for (int r = 0; r < rounds; r++) {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL.CL_CONTEXT_PLATFORM, d.platform());
            cl_context ctx = CL.clCreateContext(props, 1, new cl_device_id[] {d.device()}, null, null, null);
            cl_command_queue q = CL.clCreateCommandQueue(ctx, d.device(), 0, null);
            // a source never built before, so that the driver compiles it (LLVM installs its handlers then)
            String src = "__kernel void k(__global int* x) { x[get_global_id(0)] += " + r + " + "
                    + (System.nanoTime() % 1_000_000) + "; }";
            cl_program prog = CL.clCreateProgramWithSource(ctx, 1, new String[] {src}, null, null);
            CL.clBuildProgram(prog, 0, null, null, null, null);
            cl_kernel k = CL.clCreateKernel(prog, "k", null);
            int[] host = new int[16];
            cl_mem m = CL.clCreateBuffer(ctx, CL.CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR, 64, Pointer.to(host), null);
            CL.clSetKernelArg(k, 0, Sizeof.cl_mem, Pointer.to(m));
            CL.clEnqueueNDRangeKernel(q, k, 1, null, new long[] {16}, null, 0, null, null);
            CL.clEnqueueReadBuffer(q, m, CL.CL_TRUE, 0, 64, Pointer.to(host), 0, null, null);
            CL.clReleaseMemObject(m);
            CL.clReleaseKernel(k);
            CL.clReleaseProgram(prog);
            CL.clReleaseCommandQueue(q);
            CL.clReleaseContext(ctx);
            // then Java threads in compiled loops, all reaching the safepoint polls of a garbage collection together
            Thread[] ts = new Thread[threads];
            long[] sums = new long[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> {
                    long s = 0;
                    for (long i = 0; i < 30_000_000L; i++) {
                        s += i ^ (s >>> 3);
                    }
                    sums[id] = s;
                });
                ts[t].start();
            }
            Thread.sleep(20);
            System.gc();
            for (Thread t : ts) {
                t.join();
            }
            System.out.println("round " + r + " ok " + (host[0] == host[15] && sums[0] == sums[1]));
        }
    }
}
