package org.spinel.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;

import java.util.ArrayList;
import java.util.List;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds the OpenCL platforms and devices and picks one: {@code SPINEL_OPENCL_DEVICE=<index>} (into {@link #list()})
 * if set, else the first GPU, else the first device. A device needs double precision ({@code cl_khr_fp64}) and
 * 64-bit integer atomics ({@code cl_khr_int64_base_atomics}, for the fixed-point synaptic sums). On Linux no OpenCL
 * library is loaded unless the JVM has signal chaining ({@link SignalChaining}): none is then found, and the reason
 * says what to preload.
 */
public final class OpenClDevice {
    /** What to install when no OpenCL is found. */
    public static final String INSTALL = "install an OpenCL driver: on Debian/Ubuntu the CPU driver is "
            + "`apt-get install -y pocl-opencl-icd ocl-icd-opencl-dev` (the -dev package provides the unversioned "
            + "libOpenCL.so that JOCL loads); GPU vendors ship their own ICD";

    /**
     * One device.
     *
     * @param index    position in {@link #list()}
     * @param platform platform object
     * @param device   device object
     * @param name     "device (platform, OpenCL version)"
     * @param gpu      whether it is a GPU
     * @param missing  required extensions it lacks (empty if usable)
     */
    public record Info(int index, cl_platform_id platform, cl_device_id device, String name, boolean gpu, List<String> missing) {
        /** Whether Spinel can run on it. */
        public boolean usable() {
            return missing.isEmpty();
        }
    }

    /**
     * The outcome of probing: a chosen device, or why there is none.
     *
     * @param chosen  the device, or null
     * @param devices every device found
     * @param reason  a description of the chosen device, or why none can be used
     */
    public record Probe(Info chosen, List<Info> devices, String reason) {
    }

    private static volatile Probe probe;

    private OpenClDevice() {
    }

    /** Probes once per JVM. */
    public static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (OpenClDevice.class) {
                p = probe;
                if (p == null) {
                    p = doProbe();
                    probe = p;
                }
            }
        }
        return p;
    }

    /** Every device of every platform. */
    public static List<Info> list() {
        return probe().devices();
    }

    private static Probe doProbe() {
        List<Info> all = new ArrayList<>();
        String unsafe = SignalChaining.refusal();
        if (unsafe != null) {
            return new Probe(null, all, unsafe); // before the first OpenCL call: loading the driver installs its handlers
        }
        try {
            CL.setExceptionsEnabled(true);
            int[] np = new int[1];
            CL.clGetPlatformIDs(0, null, np);
            if (np[0] == 0) {
                return new Probe(null, all, "no OpenCL platform is installed: " + INSTALL);
            }
            cl_platform_id[] platforms = new cl_platform_id[np[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            for (cl_platform_id pl : platforms) {
                int[] nd = new int[1];
                try {
                    CL.clGetDeviceIDs(pl, CL_DEVICE_TYPE_ALL, 0, null, nd);
                } catch (CLException e) {
                    continue; // a platform without devices
                }
                cl_device_id[] devs = new cl_device_id[nd[0]];
                CL.clGetDeviceIDs(pl, CL_DEVICE_TYPE_ALL, devs.length, devs, null);
                for (cl_device_id d : devs) {
                    String ext = deviceString(d, CL_DEVICE_EXTENSIONS);
                    List<String> missing = new ArrayList<>();
                    for (String need : new String[] {"cl_khr_fp64", "cl_khr_int64_base_atomics"}) {
                        if (!ext.contains(need)) {
                            missing.add(need);
                        }
                    }
                    long[] type = new long[1];
                    CL.clGetDeviceInfo(d, CL_DEVICE_TYPE, Sizeof.cl_long, Pointer.to(type), null);
                    String name = deviceString(d, CL_DEVICE_NAME) + " (" + platformString(pl) + ", "
                            + deviceString(d, CL_DEVICE_VERSION) + ")";
                    all.add(new Info(all.size(), pl, d, name, (type[0] & CL_DEVICE_TYPE_GPU) != 0, missing));
                }
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new Probe(null, all, "the OpenCL library could not be loaded (" + e.getMessage() + "): " + INSTALL);
        } catch (CLException e) {
            return new Probe(null, all, "OpenCL error while listing devices (" + e.getMessage() + "): " + INSTALL);
        }
        if (all.isEmpty()) {
            return new Probe(null, all, "OpenCL platforms exist but have no devices: " + INSTALL);
        }
        String want = System.getenv("SPINEL_OPENCL_DEVICE");
        Info chosen = null;
        if (want != null && !want.isBlank()) {
            try {
                int k = Integer.parseInt(want.trim());
                chosen = k >= 0 && k < all.size() ? all.get(k) : null;
            } catch (NumberFormatException e) {
                chosen = null;
            }
            if (chosen == null) {
                return new Probe(null, all, "SPINEL_OPENCL_DEVICE = \"" + want + "\": expected a device index in [0, "
                        + (all.size() - 1) + "] (see `spinel backends`)");
            }
        } else {
            chosen = all.stream().filter(i -> i.gpu() && i.usable()).findFirst()
                    .orElse(all.stream().filter(Info::usable).findFirst().orElse(null));
        }
        if (chosen == null || !chosen.usable()) {
            Info c = chosen != null ? chosen : all.get(0);
            return new Probe(null, all, "device " + c.name() + " lacks " + c.missing() + " (Spinel needs double precision "
                    + "and 64-bit atomics); choose another with SPINEL_OPENCL_DEVICE");
        }
        return new Probe(chosen, all, chosen.name());
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1), java.nio.charset.StandardCharsets.UTF_8).trim();
    }

    private static String platformString(cl_platform_id p) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, CL_PLATFORM_NAME, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1), java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
